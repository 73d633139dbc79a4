import type { Pool, PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { AppliedCheckpoint, ProjectionRunner, ReadModel } from '@lotstream/messaging';

/**
 * A prototype of the fix proposed for the rebuild and projector figures (docs/performance.md):
 * apply a page of events with a handful of multi-row statements instead of one round trip per
 * event and read model. It runs the product's read models unchanged: each model's apply() writes
 * into a recorder instead of the database; the recorded statements — all of them
 * `INSERT … VALUES (…) ON CONFLICT … DO NOTHING` facts, or the one `INSERT … SELECT … FROM
 * unnest($n::text[]) AS x` form (expanded here into VALUES rows) — are merged per statement text
 * into multi-row INSERTs. Same transaction, same event-id dedupe and checkpoint as
 * ProjectionRunner.apply. Because every read model writes facts with ON CONFLICT DO NOTHING and
 * never reads inside apply(), the tables come out the same (checked by the rebuild suite).
 */

interface Recorded {
  text: string;
  values: unknown[];
}

const VALUES_FORM = /^([\s\S]*?\bVALUES\s*)\(([^()]*)\)(\s*ON CONFLICT[\s\S]*)$/i;
const UNNEST_FORM = /^([\s\S]*?\))\s*SELECT\s+([\s\S]*?)\s+FROM\s+unnest\(\$(\d+)::text\[\]\)\s+AS\s+(\w+)(\s+ON CONFLICT[\s\S]*)$/i;
const MAX_PARAMS = 30000;

class Recorder {
  readonly statements: Recorded[] = [];
  async query(text: string, values: unknown[] = []): Promise<{ rows: never[]; rowCount: number }> {
    this.statements.push({ text, values });
    return { rows: [], rowCount: 0 };
  }
}

interface Shape {
  prefix: string;
  suffix: string;
  /** Casts per column (VALUES form); for the unnest form, '' and the select list. */
  template: string[];
  /** Parameter number (1-based) per column, or 0 for the unnest alias. */
  sources: number[];
  arrayParam?: number;
}

/** Parsed once per statement text (the regular expressions are far too slow to run per event). */
const shapes = new Map<string, Shape | null>();

function shapeOf(text: string): Shape | null {
  let shape = shapes.get(text);
  if (shape !== undefined) return shape;
  shape = null;
  const values = VALUES_FORM.exec(text);
  if (values) {
    const template = values[2].split(',').map((s) => s.trim());
    if (template.every((t) => /^\$\d+(::[\w[\]]+)?$/.test(t))) {
      shape = {
        prefix: values[1],
        suffix: values[3],
        template: template.map((t) => /::[\w[\]]+$/.exec(t)?.[0] ?? ''),
        sources: template.map((t) => Number(/\$(\d+)/.exec(t)![1])),
      };
    }
  } else {
    const unnest = UNNEST_FORM.exec(text);
    if (unnest) {
      const [, head, selectList, arrayParam, alias, suffix] = unnest;
      const items = selectList.split(',').map((s) => s.trim());
      shape = {
        prefix: `${head} VALUES `,
        suffix,
        template: items.map(() => ''),
        sources: items.map((item) => (item === alias ? 0 : Number(/^\$(\d+)$/.exec(item)![1]))),
        arrayParam: Number(arrayParam),
      };
    }
  }
  shapes.set(text, shape);
  return shape;
}

/** One statement → (prefix, row template, suffix) and its rows of parameter values. */
function asValuesRows(statement: Recorded): { key: string; prefix: string; suffix: string; template: string[]; rows: unknown[][] } | undefined {
  const shape = shapeOf(statement.text);
  if (!shape) return undefined;
  const v = statement.values;
  if (shape.arrayParam === undefined) {
    return { key: statement.text, prefix: shape.prefix, suffix: shape.suffix, template: shape.template, rows: [shape.sources.map((n) => v[n - 1])] };
  }
  const array = (v[shape.arrayParam - 1] as unknown[]) ?? [];
  const rows = array.map((element) => shape.sources.map((n) => (n === 0 ? element : v[n - 1])));
  return { key: statement.text, prefix: shape.prefix, suffix: shape.suffix, template: shape.template, rows };
}

export class BatchedProjectionRunner extends ProjectionRunner {
  constructor(
    private readonly db: Pool,
    models: ReadModel[],
    schema?: string,
  ) {
    super(db, models, schema);
  }

  override async apply(events: RecordedEvent[], checkpoint?: AppliedCheckpoint): Promise<number> {
    const client: PoolClient = await this.db.connect();
    try {
      await client.query('BEGIN');
      // Merged statements are new texts with high estimated costs: without this, PostgreSQL JIT-compiles each one.
      await client.query(`SET LOCAL search_path TO ${this.schema}, public; SET LOCAL jit = off`);
      let applied = 0;
      if (events.length > 0) {
        const { rows } = await client.query(
          `INSERT INTO applied_events (event_id, position, recorded_at)
           SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[])
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [events.map((e) => e.eventId), events.map((e) => e.position), events.map((e) => e.recordedAt)],
        );
        const fresh = new Set(rows.map((r) => r.event_id as string));
        const recorder = new Recorder();
        for (const event of events) {
          if (!fresh.has(event.eventId)) continue;
          fresh.delete(event.eventId);
          for (const model of this.readModels) await model.apply(recorder as unknown as PoolClient, event);
          applied++;
        }
        // Merge per statement text, keeping first-seen order of texts and of rows within a text.
        const groups = new Map<string, { prefix: string; suffix: string; template: string[]; rows: unknown[][] }>();
        const unmerged: Recorded[] = [];
        for (const statement of recorder.statements) {
          const shaped = asValuesRows(statement);
          if (!shaped) {
            unmerged.push(statement);
            continue;
          }
          const group = groups.get(shaped.key);
          if (group) group.rows.push(...shaped.rows);
          else groups.set(shaped.key, { prefix: shaped.prefix, suffix: shaped.suffix, template: shaped.template, rows: [...shaped.rows] });
        }
        for (const group of groups.values()) {
          const width = group.template.length;
          const perStatement = Math.max(1, Math.floor(MAX_PARAMS / width));
          for (let start = 0; start < group.rows.length; start += perStatement) {
            const slice = group.rows.slice(start, start + perStatement);
            const params: unknown[] = [];
            const tuples = slice.map((row) => {
              const placeholders = row.map((value, k) => {
                params.push(value);
                return `$${params.length}${group.template[k]}`;
              });
              return `(${placeholders.join(', ')})`;
            });
            await client.query(`${group.prefix}${tuples.join(', ')}${group.suffix}`, params);
          }
        }
        for (const statement of unmerged) await client.query(statement.text, statement.values);
      }
      if (checkpoint) {
        await client.query(
          `INSERT INTO checkpoints (source, value, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (source) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
          [checkpoint.source, checkpoint.value],
        );
      }
      await client.query('COMMIT');
      return applied;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** Rows of `table` that differ between two read-model schemas (both directions), 0 when identical. */
export async function tableDifference(pool: Pool, a: string, b: string, table: string): Promise<number> {
  const { rows } = await pool.query(
    `SELECT (SELECT count(*) FROM (SELECT * FROM ${a}.${table} EXCEPT ALL SELECT * FROM ${b}.${table}) x)
          + (SELECT count(*) FROM (SELECT * FROM ${b}.${table} EXCEPT ALL SELECT * FROM ${a}.${table}) y) AS n`,
  );
  return Number(rows[0].n);
}
