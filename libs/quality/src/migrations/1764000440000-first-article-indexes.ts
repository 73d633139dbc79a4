import { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventsIndexes, dropEventsIndexes, type EventsIndex } from './events-partial-indexes';

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

  private static readonly INDEXES: EventsIndex[] = [
    ['events_lot_registered_part', `((data->>'partNumber'), position) WHERE type = 'LotRegistered'`],
    ['events_prototype_promoted_part', `((data->>'partNumber'), position) WHERE type = 'PrototypePromoted'`],
    ['events_first_article_approved_stream', `(stream_id) WHERE type = 'FirstArticleApproved'`],
  ];

  async up(db: QueryRunner): Promise<void> {
    await createEventsIndexes(db, FirstArticleIndexes1764000440000.INDEXES);
  }

  async down(db: QueryRunner): Promise<void> {
    await dropEventsIndexes(db, FirstArticleIndexes1764000440000.INDEXES);
  }
}
