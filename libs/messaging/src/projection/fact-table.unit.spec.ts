import { FactTable, factReadModel } from './fact-table';

describe('FactTable', () => {
  const shipments = new FactTable(
    'trace_shipments',
    [
      ['lot_number', 'text'],
      ['stream_version', 'integer'],
      ['customer', 'text'],
      ['quantity', 'numeric', 'nullable'],
      ['data', 'jsonb', 'nullable'],
    ],
    ['lot_number', 'stream_version'],
    [
      { name: 'trace_shipments_customer', on: ['customer'] },
      { name: 'trace_shipments_covering', on: ['customer', 'lot_number'], include: ['quantity'] },
    ],
  );

  it('creates its table from its columns: NOT NULL unless nullable, the key as primary key, then its indexes', () => {
    expect(shipments.ddl).toEqual([
      'CREATE TABLE IF NOT EXISTS trace_shipments ("lot_number" text NOT NULL, "stream_version" integer NOT NULL, "customer" text NOT NULL, ' +
        '"quantity" numeric, "data" jsonb, PRIMARY KEY ("lot_number", "stream_version"))',
      'CREATE INDEX IF NOT EXISTS trace_shipments_customer ON trace_shipments ("customer")',
      'CREATE INDEX IF NOT EXISTS trace_shipments_covering ON trace_shipments ("customer", "lot_number") INCLUDE ("quantity")',
    ]);
  });

  it('adds a column marked added to a table that exists without it', () => {
    const grown = new FactTable(
      'trace_steps',
      [
        ['lot_number', 'text'],
        ['operator_id', 'text', 'nullable', 'added'],
        ['note', 'text', 'nullable'],
      ],
      ['lot_number'],
    );
    expect(grown.ddl).toEqual([
      'CREATE TABLE IF NOT EXISTS trace_steps ("lot_number" text NOT NULL, "operator_id" text, "note" text, PRIMARY KEY ("lot_number"))',
      'ALTER TABLE trace_steps ADD COLUMN IF NOT EXISTS "operator_id" text',
    ]);
  });

  it('inserts the same columns it creates, first row per key', async () => {
    const rows = shipments.rows();
    rows.add(['L-1', 1, 'ACME', 5, { a: 1 }]);
    rows.add(['L-1', 1, 'Globex', 6, null]);
    const queries: Array<{ sql: string; params: unknown[] }> = [];
    await rows.flush({ query: async (sql: string, params: unknown[]) => queries.push({ sql, params }) } as never);
    expect(queries).toEqual([
      {
        sql:
          'INSERT INTO trace_shipments ("lot_number", "stream_version", "customer", "quantity", "data") ' +
          'SELECT r."lot_number", r."stream_version"::integer, r."customer", r."quantity"::numeric, NULLIF(r."data", \'null\'::jsonb) ' +
          'FROM ROWS FROM (jsonb_array_elements_text($1::jsonb), jsonb_array_elements_text($2::jsonb), jsonb_array_elements_text($3::jsonb), ' +
          'jsonb_array_elements_text($4::jsonb), jsonb_array_elements($5::jsonb)) AS r("lot_number", "stream_version", "customer", "quantity", "data") ' +
          'ON CONFLICT ("lot_number", "stream_version") DO NOTHING',
        params: ['["L-1"]', '["1"]', '["ACME"]', '["5"]', '[{"a":1}]'],
      },
    ]);
  });

  it('creates a partial index on an expression, and the same index CONCURRENTLY on a schema for a migration', () => {
    const events = new FactTable(
      'trace_lot_events',
      [
        ['lot_number', 'text'],
        ['type', 'text'],
        ['data', 'jsonb'],
      ],
      ['lot_number'],
      [{ name: 'trace_lot_events_supplier', on: ["(data->>'supplierId')", 'lot_number'], where: "type = 'LotRegistered'" }],
    );
    expect(events.ddl[1]).toBe(
      `CREATE INDEX IF NOT EXISTS trace_lot_events_supplier ON trace_lot_events ((data->>'supplierId'), "lot_number") WHERE type = 'LotRegistered'`,
    );
    expect(events.indexStatement('trace_lot_events_supplier', { schema: 'rm', concurrently: true })).toBe(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS trace_lot_events_supplier ON rm.trace_lot_events ((data->>'supplierId'), "lot_number") WHERE type = 'LotRegistered'`,
    );
    expect(() => events.indexStatement('trace_lot_events_other')).toThrow(/trace_lot_events has no index trace_lot_events_other/);
    expect(() => events.indexStatement('trace_lot_events_supplier', { schema: 'rm; DROP' })).toThrow(/invalid identifier/);
    expect(() => new FactTable('t', [['id', 'text']], ['id'], [{ name: 't_x', on: ['(lower(id))'], include: ['(upper(id))'] }])).toThrow(
      /index t_x: \(upper\(id\)\) is not a column of t/,
    );
  });

  it('refuses a nullable key column, an index on a column it lacks, and a name that is not a plain identifier', () => {
    expect(() => new FactTable('t', [['id', 'text', 'nullable']], ['id'])).toThrow(/key column id of t cannot be nullable/);
    expect(() => new FactTable('t', [['id', 'text']], ['id'], [{ name: 't_x', on: ['x'] }])).toThrow(/index t_x: x is not a column of t/);
    expect(() => new FactTable('t', [['id', 'text']], ['id'], [{ name: 'T x', on: ['id'] }])).toThrow(/invalid identifier T x/);
  });

  it('gives a read model its tables and their DDL in order', () => {
    const lots = new FactTable('trace_lots', [['lot_number', 'text']], ['lot_number']);
    const handle = async (): Promise<void> => undefined;
    const model = factReadModel('lots-and-shipments', [lots, shipments], handle);
    expect(model).toEqual({ name: 'lots-and-shipments', tables: ['trace_lots', 'trace_shipments'], ddl: [...lots.ddl, ...shipments.ddl], handle });
  });
});
