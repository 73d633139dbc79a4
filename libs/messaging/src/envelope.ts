import type { RecordedEvent } from '@lotstream/event-store';

/** The JSON value of every event message (docs/api.md, Kafka). */
export interface EventEnvelope {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  position: string;
  transactionId: string;
  recordedAt: string;
  occurredAt: string;
  actor: unknown;
  siteId: string | null;
  data: Record<string, any>;
  metadata: Record<string, any>;
  prevHash: string | null;
  hash: string;
}

export function toEnvelope(event: RecordedEvent): EventEnvelope {
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    position: event.position,
    transactionId: event.transactionId,
    recordedAt: event.recordedAt,
    occurredAt: event.occurredAt,
    actor: event.metadata.actor ?? null,
    siteId: (event.metadata.siteId as string | undefined) ?? null,
    data: event.data,
    metadata: event.metadata,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

/** Back to the store's shape, so consumers fed by Kafka and by the store run the same code. */
export function fromEnvelope(envelope: EventEnvelope): RecordedEvent {
  return {
    eventId: envelope.eventId,
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    streamId: envelope.streamId,
    streamCategory: envelope.streamId.split('-')[0],
    streamVersion: envelope.streamVersion,
    position: envelope.position,
    transactionId: envelope.transactionId,
    recordedAt: envelope.recordedAt,
    occurredAt: envelope.occurredAt,
    data: envelope.data,
    metadata: envelope.metadata as RecordedEvent['metadata'],
    prevHash: envelope.prevHash,
    hash: envelope.hash,
  };
}
