import { encodeCheckpoint, ImportedEvent, RecordedEvent } from '@lotstream/event-store';

/**
 * One event of the audit log exactly as stored (schema version and data before upcasting), so anyone
 * can recompute its hash: sha256 over the canonical JSON of
 * [eventId, streamId, streamVersion, type, schemaVersion, data, metadata, occurredAt, recordedAt, prevHash].
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
  };
}
