import { READ_MODEL_SCHEMA } from '@lotstream/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { TRACE_LOT_EVENTS } from '../lot-history/lot-history.projection';

const INDEX = 'trace_lot_events_supplier';

/**
 * The supplier index of the lot history read model (`trace_lot_events_supplier`, declared on the
 * fact table) on a store whose read schema was built before it: the projector's DDL adds it only to
 * a table it creates, and without it the supplier scorecard scans every lot's events. A store whose
 * read model does not exist yet gets the index from the DDL when the projector creates the table.
 *
 * CONCURRENTLY, hence outside a transaction: the projector keeps writing while a large read model is
 * indexed. An index an interrupted run left invalid is dropped and made again.
 */
export class TraceLotEventsSupplierIndex1764000460000 implements MigrationInterface {
  name = 'TraceLotEventsSupplierIndex1764000460000';
  transaction = false;

  async up(db: QueryRunner): Promise<void> {
    const table = await db.query(`SELECT to_regclass($1) AS oid`, [`${READ_MODEL_SCHEMA}.${TRACE_LOT_EVENTS.table}`]);
    if (table[0]?.oid == null) return;
    const invalid = await db.query(
      `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relname = $1 AND n.nspname = $2 AND NOT i.indisvalid`,
      [INDEX, READ_MODEL_SCHEMA],
    );
    if (invalid.length > 0) await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ${READ_MODEL_SCHEMA}.${INDEX}`);
    await db.query(TRACE_LOT_EVENTS.indexStatement(INDEX, { schema: READ_MODEL_SCHEMA, concurrently: true }));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ${READ_MODEL_SCHEMA}.${INDEX}`);
  }
}
