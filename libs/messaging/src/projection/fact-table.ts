import type { PoolClient } from 'pg';
import type { ReadModel } from './read-model';

/**
 * A value as node-postgres sends a query parameter (text form), so a batched row is parsed by
 * PostgreSQL exactly as the same value bound to a single-row INSERT would be.
 */
export function pgText(value: unknown): string | null {
  if (value == null) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'object':
      if (Array.isArray(value)) return pgArrayLiteral(value);
      if (value instanceof Date) return value.toISOString();
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

function pgArrayLiteral(values: unknown[]): string {
  const items = values.map((item) => {
    if (item == null) return 'NULL';
    if (Array.isArray(item)) return pgArrayLiteral(item);
    return '"' + pgText(item)!.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
  });
  return '{' + items.join(',') + '}';
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * A column of a fact table: name, PostgreSQL type, and whether the fact may lack it. Columns are
 * NOT NULL unless marked 'nullable'; key columns never are. A nullable column marked 'added' came
 * after the table was first released: the DDL also adds it to a table that exists without it.
 */
export type FactColumn = readonly [name: string, type: string, nullability?: 'nullable', added?: 'added'];

/**
 * A secondary index of a fact table; `include` makes it covering (a query reads the index alone).
 * An entry of `on` is a column name, or an expression in parentheses (`(data->>'supplierId')`);
 * `where` makes the index partial (SQL over the table's columns, written by the declaring code).
 */
export interface FactIndex {
  name: string;
  on: readonly string[];
  include?: readonly string[];
  where?: string;
}

/** An index key that is an expression, not a column: parenthesised, as CREATE INDEX wants it. */
const isExpression = (entry: string): boolean => entry.startsWith('(') && entry.endsWith(')');

/**
 * A read-model table written as facts, declared once: its columns give both the table's DDL and
 * the insert. The insert is one multi-row `INSERT … SELECT … FROM ROWS FROM
 * (jsonb_array_elements_text($1::jsonb), …) ON CONFLICT (key) DO NOTHING` per page, each column
 * sent as one JSON array. Values travel as text (pgText) and are cast to the column types: the same
 * conversion a bound parameter gets. jsonb columns take the JSON value itself (an object, not its
 * text) and store what jsonb_in would parse from JSON.stringify(value). Rows repeating a key already
 * added are dropped (first wins, as applying the events one by one would).
 *
 * Why JSON arrays rather than `unnest($1::text[])`: node-postgres builds array literals by string
 * concatenation and regex escaping, which costs more than the insert itself for a page of events;
 * JSON.stringify is native.
 */
export class FactTable {
  /** CREATE TABLE and CREATE INDEX statements (idempotent, unqualified: the runner sets the schema). */
  readonly ddl: string[];
  private readonly sql: string;
  private readonly keyIndexes: number[];
  private readonly jsonColumns: boolean[];

  constructor(
    readonly table: string,
    readonly columns: readonly FactColumn[],
    readonly key: readonly string[],
    readonly indexes: readonly FactIndex[] = [],
  ) {
    for (const name of [table, ...columns.map(([n]) => n), ...indexes.map((index) => index.name)]) {
      if (!IDENTIFIER.test(name)) throw new Error(`invalid identifier ${name}`);
    }
    const names = columns.map(([n]) => `"${n}"`);
    this.keyIndexes = key.map((k) => {
      const index = columns.findIndex(([n]) => n === k);
      if (index < 0) throw new Error(`key column ${k} is not a column of ${table}`);
      // FactRows.add leaves a null key part to the table's constraint: a key column must refuse it.
      if (columns[index][2] === 'nullable') throw new Error(`key column ${k} of ${table} cannot be nullable`);
      return index;
    });
    this.jsonColumns = columns.map(([, type]) => type === 'jsonb');
    const select = columns.map(([n, type]) => (type === 'jsonb' ? `NULLIF(r."${n}", 'null'::jsonb)` : type === 'text' ? `r."${n}"` : `r."${n}"::${type}`));
    const sources = columns.map(([, type], i) => (type === 'jsonb' ? `jsonb_array_elements($${i + 1}::jsonb)` : `jsonb_array_elements_text($${i + 1}::jsonb)`));
    const quotedKey = key.map((k) => `"${k}"`).join(', ');
    this.sql =
      `INSERT INTO ${table} (${names.join(', ')}) SELECT ${select.join(', ')} ` +
      `FROM ROWS FROM (${sources.join(', ')}) AS r(${names.join(', ')}) ` +
      `ON CONFLICT (${quotedKey}) DO NOTHING`;

    const definitions = columns.map(([n, type, nullability]) => `"${n}" ${type}${nullability === 'nullable' ? '' : ' NOT NULL'}`);
    for (const index of indexes) {
      // An INCLUDE list takes columns only; a key may be an expression.
      const named = [...index.on.filter((n) => !isExpression(n)), ...(index.include ?? [])];
      for (const n of named) {
        if (!columns.some(([c]) => c === n)) throw new Error(`index ${index.name}: ${n} is not a column of ${table}`);
      }
    }
    this.ddl = [
      `CREATE TABLE IF NOT EXISTS ${table} (${[...definitions, `PRIMARY KEY (${quotedKey})`].join(', ')})`,
      ...indexes.map((index) => this.indexStatement(index.name)),
      // A nullable column added to a table a live read schema already has: it appears on the next
      // start, empty for the rows projected before (a rebuild fills them).
      ...columns
        .filter(([, , nullability, added]) => nullability === 'nullable' && added === 'added')
        .map(([n, type]) => `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS "${n}" ${type}`),
    ];
  }

  /**
   * The CREATE INDEX statement of one declared index: unqualified for the DDL (the runner sets the
   * schema), or on `schema`'s table and CONCURRENTLY for a migration that adds it to a live store.
   */
  indexStatement(name: string, options: { schema?: string; concurrently?: boolean } = {}): string {
    const index = this.indexes.find((i) => i.name === name);
    if (!index) throw new Error(`${this.table} has no index ${name}`);
    if (options.schema !== undefined && !IDENTIFIER.test(options.schema)) throw new Error(`invalid identifier ${options.schema}`);
    const list = (of: readonly string[]): string => of.map((n) => (isExpression(n) ? n : `"${n}"`)).join(', ');
    const table = options.schema === undefined ? this.table : `${options.schema}.${this.table}`;
    return (
      `CREATE INDEX ${options.concurrently ? 'CONCURRENTLY ' : ''}IF NOT EXISTS ${index.name} ON ${table} (${list(index.on)})` +
      (index.include?.length ? ` INCLUDE (${list(index.include)})` : '') +
      (index.where ? ` WHERE ${index.where}` : '')
    );
  }

  /** A new, empty batch of rows for this table. */
  rows(): FactRows {
    return new FactRows(this.sql, this.jsonColumns, this.keyIndexes);
  }
}

/** A read model whose tables are all fact tables: its DDL and its table list come from them. */
export function factReadModel(name: string, tables: readonly FactTable[], handle: ReadModel['handle']): ReadModel {
  return { name, ddl: tables.flatMap((t) => t.ddl), tables: tables.map((t) => t.table), handle };
}

export class FactRows {
  private readonly values: unknown[][];
  private readonly seen = new Set<string>();
  count = 0;

  constructor(
    private readonly sql: string,
    private readonly jsonColumns: boolean[],
    private readonly keyIndexes: number[],
  ) {
    this.values = jsonColumns.map(() => []);
  }

  /**
   * Adds a row, values in column order: any JS value, converted as a query parameter would be
   * (pgText); for a jsonb column the value itself (null or undefined: SQL NULL).
   */
  add(row: unknown[]): void {
    const values = row.map((value, i) => (this.jsonColumns[i] ? (value ?? null) : pgText(value)));
    let key: string | undefined = '';
    for (let k = 0; k < this.keyIndexes.length; k++) {
      const part = values[this.keyIndexes[k]];
      // A null key part is left to the table's constraint (every key column is NOT NULL).
      if (typeof part !== 'string') {
        key = undefined;
        break;
      }
      key += k === 0 ? part : '\u0000' + part;
    }
    if (key !== undefined) {
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    for (let i = 0; i < values.length; i++) this.values[i].push(values[i]);
    this.count++;
  }

  /** Writes the rows with one statement (none when empty). */
  async flush(tx: PoolClient): Promise<void> {
    if (this.count === 0) return;
    await tx.query(
      this.sql,
      this.values.map((column) => JSON.stringify(column)),
    );
  }
}
