import type { RecordedEvent } from './event-store.types';

/** A row of the `events` table as pg returns it (timestamptz read into a Date). */
export interface EventRow {
  position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_category: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  occurred_at: Date;
  recorded_at: Date;
  prev_hash: string | null;
  hash: string;
  hash_version: number;
}

/**
 * The one mapping of an `events` row to a recorded event, as stored (no upcasting). Times come back
 * in milliseconds, as pg reads timestamptz into a Date — what hash format v1 hashed at append.
 */
export function recordedEventOfRow(row: EventRow): RecordedEvent {
  return {
    position: row.position,
    transactionId: row.transaction_id,
    eventId: row.event_id,
    streamId: row.stream_id,
    streamCategory: row.stream_category,
    streamVersion: row.stream_version,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
    hashVersion: row.hash_version,
  } as RecordedEvent;
}
