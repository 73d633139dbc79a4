import { randomUUID } from 'node:crypto';
import type { AppendOutcome } from '../event-store';
import type { AppendRequest, AppendResult, EventToAppend, ExpectedVersion } from '../event-store.types';
import { linkHashV2OfTexts } from '../hash-chain';
import type { Head } from '../heads';
import { jsonbText } from '../jsonb-text';

/** One event of an append as its row will hold it: data as its stored text, the link hashed. */
export interface PreparedRow {
  eventId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: string;
  occurredAt: string;
  prevHash: string | null;
  hash: string;
}

/** An append decided on a head: its rows chained onto it, ready for a statement. */
export interface PreparedAppend {
  request: AppendRequest;
  head: Head;
  newVersion: number;
  eventIds: string[];
  rows: PreparedRow[];
  /** The metadata's stored text (jsonbText), the same for every event of the append. */
  metadata: string;
  recordedAt: Date;
}

/** Event data and metadata are JSON objects; anything else has no place in a row (and no stored form). */
function objectOf(value: unknown, field: string): object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`an event's ${field} must be a JSON object`);
  return value;
}

/**
 * Turns a request into rows chained onto `head`, recorded at `recordedAt`. Every write path of the
 * store goes through here, so this is where an append without events is refused.
 */
export function prepareAppend(request: AppendRequest, head: Head, recordedAt: Date): PreparedAppend {
  if (request.events.length === 0) throw new Error('an append needs at least one event');
  const recordedAtIso = recordedAt.toISOString();
  // Each value is serialised once, as jsonb's own text (jsonbText): hash format v2 covers exactly
  // that text (the rows get hash_version's default, 2), and it is also what the row sends, since
  // jsonb reads it back to the very value it prints that way.
  const metadata = jsonbText(objectOf(request.metadata, 'metadata'));
  let prevHash = head.hash;
  let version = head.version;
  const rows: PreparedRow[] = request.events.map((event: EventToAppend) => {
    version += 1;
    const eventId = event.eventId ?? randomUUID();
    const schemaVersion = event.schemaVersion ?? 1;
    const data = jsonbText(objectOf(event.data, 'data'));
    const occurredAt = new Date(event.occurredAt).toISOString();
    const hash = linkHashV2OfTexts({
      eventId,
      streamId: request.streamId,
      streamVersion: version,
      type: event.type,
      schemaVersion,
      dataText: data,
      metadataText: metadata,
      occurredAt,
      recordedAt: recordedAtIso,
      prevHash,
    });
    const row: PreparedRow = { eventId, version, type: event.type, schemaVersion, data, occurredAt, prevHash, hash };
    prevHash = hash;
    return row;
  });
  return { request, head, newVersion: version, eventIds: rows.map((r) => r.eventId), rows, metadata, recordedAt };
}

export const lastRowOf = (prepared: PreparedAppend): PreparedRow => prepared.rows[prepared.rows.length - 1];

export function matches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return actual === 0;
  return expected === actual;
}

export function stripReplayed(outcome: AppendOutcome): AppendResult {
  return { streamId: outcome.streamId, streamVersion: outcome.streamVersion, eventIds: outcome.eventIds, position: outcome.position };
}
