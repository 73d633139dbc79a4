import { READ_MODEL_SCHEMA } from '@lotstream/messaging';
import { createTestDatabase, type TestDatabase } from '@lotstream/testing';
import { TRACE_LOT_EVENTS } from '../lot-history/lot-history.projection';
import { TraceLotEventsSupplierIndex1764000460000 } from './1764000460000-trace-lot-events-supplier-index';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(4);
});
afterAll(async () => {
  await db.close();
});

const supplierIndex = async (): Promise<{ definition: string; valid: boolean } | undefined> => {
  const { rows } = await db.pool.query(
    `SELECT pg_get_indexdef(i.indexrelid) AS definition, i.indisvalid AS valid FROM pg_index i
     JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relname = 'trace_lot_events_supplier' AND n.nspname = $1`,
    [READ_MODEL_SCHEMA],
  );
  return rows[0];
};

describe('TraceLotEventsSupplierIndex1764000460000', () => {
  it('skips a store without the read model, then gives a read model built before it the index its DDL declares, once', async () => {
    // createTestDatabase ran every migration on a store with no read schema yet: nothing to index.
    expect(await db.pool.query(`SELECT to_regclass('${READ_MODEL_SCHEMA}.trace_lot_events') AS oid`)).toMatchObject({ rows: [{ oid: null }] });

    // A read model of an older release: the table without the supplier index.
    await db.pool.query(`CREATE SCHEMA ${READ_MODEL_SCHEMA}`);
    await db.pool.query(`SET search_path TO ${READ_MODEL_SCHEMA}; ${TRACE_LOT_EVENTS.ddl[0]}; RESET search_path`);
    expect(await supplierIndex()).toBeUndefined();

    const runner = db.dataSource.createQueryRunner();
    try {
      const migration = new TraceLotEventsSupplierIndex1764000460000();
      await migration.up(runner);
      await migration.up(runner);
      const made = await supplierIndex();
      expect(made?.valid).toBe(true);

      // The very index the projector's DDL creates on a fresh read schema.
      await db.pool.query(`CREATE SCHEMA rm_fresh`);
      await db.pool.query(`SET search_path TO rm_fresh; ${TRACE_LOT_EVENTS.ddl.join('; ')}; RESET search_path`);
      const { rows } = await db.pool.query(`SELECT pg_get_indexdef('rm_fresh.trace_lot_events_supplier'::regclass) AS definition`);
      expect(made?.definition).toBe(rows[0].definition.replace('rm_fresh.', `${READ_MODEL_SCHEMA}.`));

      await migration.down(runner);
      expect(await supplierIndex()).toBeUndefined();
    } finally {
      await runner.release();
    }
  });
});
