import { encodeCheckpoint, HashVersion, ImportedEvent, RecordedEvent } from '@lotstream/event-store';

/**
 * One event of the audit log exactly as stored (schema version and data before upcasting), so anyone
 * can recompute its hash: sha256 over the UTF-8 text of
 * [eventId, streamId, streamVersion, type, schemaVersion, data, metadata, occurredAt, recordedAt, prevHash]
 * written, for `hashVersion` 1, as canonical JSON (keys sorted by code unit, no whitespace), and for
 * `hashVersion` 2, as PostgreSQL prints that array as jsonb (keys shorter first then bytewise in UTF-8,
 * ", " and ": " separators, numbers as plain decimals; libs/event-store/src/jsonb-text.ts).
 */
export interface AuditEvent {
  /** Opaque cursor of this event: pass it as `after` to resume right after it. */
  cursor: string;
  position: string;
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  occurredAt: string;
  recordedAt: string;
  prevHash: string | null;
  hash: string;
  /** The serialisation the hash is over (1 or 2); an export without it is from before format 2: 1. */
  hashVersion: HashVersion;
}

export function toAuditEvent(event: RecordedEvent): AuditEvent {
  return {
    cursor: encodeCheckpoint({ transactionId: event.transactionId, position: event.position }),
    position: event.position,
    eventId: event.eventId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    prevHash: event.prevHash,
    hash: event.hash,
    hashVersion: event.hashVersion ?? 1,
  };
}

const STRING_FIELDS = ['eventId', 'streamId', 'type', 'occurredAt', 'recordedAt', 'hash'] as const;

/** Reads one exported line back; throws with the reason when it is not an exported event. */
export function parseAuditEvent(line: string): ImportedEvent {
  const value = JSON.parse(line) as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  for (const field of STRING_FIELDS) if (typeof value[field] !== 'string') throw new Error(`${field} must be a string`);
  if (!Number.isInteger(value.streamVersion) || (value.streamVersion as number) < 1) throw new Error('streamVersion must be a positive integer');
  if (!Number.isInteger(value.schemaVersion)) throw new Error('schemaVersion must be an integer');
  if (typeof value.data !== 'object' || value.data === null) throw new Error('data must be an object');
  if (typeof value.metadata !== 'object' || value.metadata === null) throw new Error('metadata must be an object');
  if (value.prevHash !== null && typeof value.prevHash !== 'string') throw new Error('prevHash must be a string or null');
  if (value.hashVersion !== undefined && value.hashVersion !== 1 && value.hashVersion !== 2) throw new Error('hashVersion must be 1 or 2');
  return {
    eventId: value.eventId as string,
    streamId: value.streamId as string,
    streamVersion: value.streamVersion as number,
    type: value.type as string,
    schemaVersion: value.schemaVersion as number,
    data: value.data as Record<string, unknown>,
    metadata: value.metadata as Record<string, unknown>,
    occurredAt: value.occurredAt as string,
    recordedAt: value.recordedAt as string,
    prevHash: value.prevHash as string | null,
    hash: value.hash as string,
    hashVersion: (value.hashVersion as HashVersion | undefined) ?? 1,
  };
}
