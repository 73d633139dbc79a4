import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partial indexes on `events` for the first article reads, which find their streams by the record
 * itself: a part's lots (LotRegistered by part number), its promoted builds (PrototypePromoted by part
 * number) and the approvals on given lot streams (FirstArticleApproved by stream). Each holds only the
 * events of its one type, so an append of any other event pays just the predicate.
 *
 * CONCURRENTLY, hence outside a transaction: appends go on while a large store is indexed. Re-running
 * after an interruption is safe; an index an interrupted run left invalid is dropped and made again.
 */
export class FirstArticleIndexes1764000440000 implements MigrationInterface {
  name = 'FirstArticleIndexes1764000440000';
  transaction = false;

  private static readonly INDEXES: Array<[name: string, definition: string]> = [
    ['events_lot_registered_part', `((data->>'partNumber'), position) WHERE type = 'LotRegistered'`],
    ['events_prototype_promoted_part', `((data->>'partNumber'), position) WHERE type = 'PrototypePromoted'`],
    ['events_first_article_approved_stream', `(stream_id) WHERE type = 'FirstArticleApproved'`],
  ];

  async up(db: QueryRunner): Promise<void> {
    for (const [name, definition] of FirstArticleIndexes1764000440000.INDEXES) {
      const invalid = await db.query(
        `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1 AND NOT i.indisvalid AND pg_table_is_visible(c.oid)`,
        [name],
      );
      if (invalid.length > 0) await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
      await db.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON events ${definition}`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [name] of FirstArticleIndexes1764000440000.INDEXES) await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
  }
}
