import { randomUUID } from 'node:crypto';
import { type RecordedEvent, streamCategoryOf } from '@lotstream/event-store';

/** Which Kafka topic an event travels on: per-topic-and-stream order is all a consumer is promised. */
export function topicOf(event: Pick<RecordedEvent, 'streamCategory' | 'type'>): string {
  if (event.streamCategory === 'lot') {
    return ['InspectionRecorded', 'NonconformanceRaised', 'NonconformanceDispositioned'].includes(event.type) ? 'quality' : 'production';
  }
  return event.streamCategory;
}

/**
 * Builds RecordedEvents in global order (position 1, 2, …; stream versions per stream), as the store
 * would hand them to the projector. For read-model tests that feed a ProjectionRunner directly.
 */
export class RecordedEventLog {
  readonly events: RecordedEvent[] = [];
  private readonly versions = new Map<string, number>();

  add(streamId: string, type: string, data: Record<string, unknown>, occurredAt = '2026-11-01T00:00:00Z'): RecordedEvent {
    const streamVersion = (this.versions.get(streamId) ?? 0) + 1;
    this.versions.set(streamId, streamVersion);
    const position = String(this.events.length + 1);
    const event: RecordedEvent = {
      position,
      transactionId: position,
      eventId: randomUUID(),
      streamId,
      streamCategory: streamCategoryOf(streamId),
      streamVersion,
      type,
      schemaVersion: 1,
      data,
      metadata: { siteId: typeof data.siteId === 'string' ? data.siteId : 'S1' },
      occurredAt,
      recordedAt: '2026-11-01T00:00:00Z',
      prevHash: null,
      hash: `h${position}`,
    };
    this.events.push(event);
    return event;
  }
}

/**
 * An interleaving a consumer of several topics may see: each (topic, stream) keeps its order, the
 * queues are merged by the `choices` (indices taken modulo the number of non-empty queues).
 */
export function interleave(events: readonly RecordedEvent[], choices: readonly number[]): RecordedEvent[] {
  const queues = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const key = `${topicOf(e)}|${e.streamId}`;
    const queue = queues.get(key);
    if (queue) queue.push(e);
    else queues.set(key, [e]);
  }
  const live = [...queues.values()];
  const out: RecordedEvent[] = [];
  let i = 0;
  while (live.length > 0) {
    const pick = (choices[i++ % Math.max(1, choices.length)] ?? 0) % live.length;
    out.push(live[pick].shift()!);
    if (live[pick].length === 0) live.splice(pick, 1);
  }
  return out;
}
