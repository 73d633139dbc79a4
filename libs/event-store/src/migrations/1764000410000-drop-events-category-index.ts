import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops `events_category_position` (stream_category, position). No query of the product reads by
 * category — streams are read by id, the log in safe order (transaction id, position), the lag of
 * read models by position with a `<>` on the category, which no index serves — and every append
 * paid for the index: one btree insert per event, out of five.
 *
 * CONCURRENTLY, hence outside a transaction: a plain DROP INDEX takes ACCESS EXCLUSIVE on events,
 * and while it waits for a long reader (a verify, an export, a rebuild's readAll) every append
 * queues behind it. Re-running after an interruption is safe (IF EXISTS; an index left invalid is
 * dropped the same way).
 */
export class DropEventsCategoryIndex1764000410000 implements MigrationInterface {
  name = 'DropEventsCategoryIndex1764000410000';
  transaction = false;

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS events_category_position`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS events_category_position ON events (stream_category, position)`);
  }
}
