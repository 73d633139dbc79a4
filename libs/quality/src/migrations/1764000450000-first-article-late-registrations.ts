import { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventsIndexes, dropEventsIndexes, type EventsIndex } from './events-partial-indexes';

/**
 * A partial index on `events` of the lot registrations that do not open their stream (stream
 * version ≠ 1: something was recorded on the lot before it was registered), by part number. The
 * first-article status asks whether a part has any such lot in one probe: almost every lot opens
 * with its registration, so the index is nearly empty and an append pays just the predicate.
 *
 * CONCURRENTLY, hence outside a transaction (see events-partial-indexes.ts).
 */
export class FirstArticleLateRegistrations1764000450000 implements MigrationInterface {
  name = 'FirstArticleLateRegistrations1764000450000';
  transaction = false;

  private static readonly INDEXES: EventsIndex[] = [
    ['events_lot_registered_late_part', `((data->>'partNumber')) WHERE type = 'LotRegistered' AND stream_version <> 1`],
  ];

  async up(db: QueryRunner): Promise<void> {
    await createEventsIndexes(db, FirstArticleLateRegistrations1764000450000.INDEXES);
  }

  async down(db: QueryRunner): Promise<void> {
    await dropEventsIndexes(db, FirstArticleLateRegistrations1764000450000.INDEXES);
  }
}
