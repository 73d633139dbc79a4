import type { Consumer, Producer } from 'kafkajs';
import type { Client } from 'pg';
import type { Checkpoint, RecordedEvent } from '@lotstream/event-store';
import { AppliedOffset, KafkaConnection, KafkaFeed, kafkaSource, ProjectionRunner, Relay, type ReadModel } from '@lotstream/messaging';
import type { TestDatabase } from '@lotstream/testing';
import { waitFor } from '@lotstream/testing';
import type { AcknowledgedCommand } from '../../bench/chaos/invariants';
import type { TopicObserver } from '../../bench/chaos/observer';

/**
 * Per stream: how many events and the sum of their versions, kept by increments (an event applied
 * twice or never shows against a rebuild); per type, a counter.
 */
export const streamTotals: ReadModel = {
  name: 'stream-totals',
  ddl: [
    'CREATE TABLE IF NOT EXISTS stream_totals (stream_id text PRIMARY KEY, events int NOT NULL, version_sum bigint NOT NULL)',
    'CREATE TABLE IF NOT EXISTS type_totals (type text PRIMARY KEY, events int NOT NULL)',
  ],
  tables: ['stream_totals', 'type_totals'],
  handle: async (tx, events) => {
    for (const event of events) {
      await tx.query(
        `INSERT INTO stream_totals (stream_id, events, version_sum) VALUES ($1, 1, $2)
         ON CONFLICT (stream_id) DO UPDATE SET events = stream_totals.events + 1, version_sum = stream_totals.version_sum + $2`,
        [event.streamId, event.streamVersion],
      );
      await tx.query('INSERT INTO type_totals (type, events) VALUES ($1, 1) ON CONFLICT (type) DO UPDATE SET events = type_totals.events + 1', [event.type]);
    }
  },
};

export const KEY_ID = 'chaos-mes';

/**
 * Records `streams` lots of `versions` events each, one command (append with its idempotency claim)
 * per event, interleaved over the lots; returns what a load driver would have recorded. Lots get
 * production and quality events, so two topics carry each stream.
 */
export async function recordLoad(db: TestDatabase, streams: number, versions: number, prefix = 'L'): Promise<AcknowledgedCommand[]> {
  const acknowledged: AcknowledgedCommand[] = [];
  for (let version = 1; version <= versions; version++) {
    await Promise.all(
      Array.from({ length: streams }, async (_, n) => {
        const idempotencyKey = `${prefix}-${n}-${version}`;
        const type = version === 1 ? 'LotRegistered' : version % 3 === 0 ? 'InspectionRecorded' : 'ProductionStepCompleted';
        const result = await db.store.append({
          streamId: `lot-${prefix}${n}`,
          expectedVersion: version - 1,
          events: [{ type, data: { n: version }, occurredAt: '2026-12-07T08:30:00Z' }],
          metadata: { actor: { keyId: KEY_ID, role: 'integration' }, siteId: 'S1', idempotencyKey },
          idempotency: { key: `${KEY_ID}:${idempotencyKey}`, requestHash: `h-${idempotencyKey}` },
        });
        acknowledged.push({ idempotencyKey, keyId: KEY_ID, status: 201, eventIds: result.eventIds });
      }),
    );
  }
  return acknowledged;
}

/** Next offset of every partition of the event topics that holds messages. */
export async function topicEnds(kafka: KafkaConnection): Promise<Map<string, bigint>> {
  const admin = kafka.kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, bigint>();
    for (const topic of Object.values(kafka.topics.events)) {
      for (const p of await admin.fetchTopicOffsets(topic)) if (BigInt(p.high) > 0n) ends.set(kafkaSource(topic, p.partition), BigInt(p.high));
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until the relay has nothing left to publish, the projector's database checkpoints stand at
 * the end of every partition, and the observer has received every message: whatever was lost on the
 * way, nothing more will come.
 */
export async function waitUntilDrained(kafka: KafkaConnection, relay: Relay, runner: ProjectionRunner, observer?: TopicObserver): Promise<void> {
  await waitFor(
    () => relay.lag(),
    (lag) => lag === 0,
    { timeoutMs: 60000, intervalMs: 100, what: 'the relay caught up' },
  );
  await waitFor(
    async () => {
      const ends = await topicEnds(kafka);
      const checkpoints = await runner.checkpoints();
      const behind = [...ends].filter(([source, end]) => BigInt(checkpoints[source] ?? '0') < end).map(([source]) => source);
      const messages = [...ends.values()].reduce((n, end) => n + Number(end), 0);
      return { behind, unobserved: observer ? messages - observer.observed.length : 0 };
    },
    ({ behind, unobserved }) => behind.length === 0 && unobserved <= 0,
    { timeoutMs: 90000, intervalMs: 200, what: 'projector and observer at the end of every partition' },
  );
}

// ---------------------------------------------------------------------------------------------
// The classic mistakes, built on purpose (test builds only: nothing in the product constructs them)

/**
 * A relay that saves its checkpoint BEFORE the broker acknowledged the page. `crash`, when given,
 * runs between the checkpoint commit and the send (where a kill hurts): it stops the relay and throws.
 */
export class CheckpointFirstRelay extends Relay {
  crash: ((events: RecordedEvent[]) => boolean) | undefined;

  protected override async relayPage(producer: Producer, lockClient: Client, events: RecordedEvent[], next: Checkpoint): Promise<void> {
    await this.saveCheckpoint(lockClient, next, events.length);
    if (this.crash?.(events)) {
      void this.stop();
      throw new Error('relay killed after its checkpoint commit, before the send');
    }
    await this.publish(producer, events);
  }
}

/**
 * A projector that commits its Kafka offset BEFORE its database transaction, and so resumes from the
 * group's offsets. `crash`, when given, runs between the offset commit and the database commit.
 */
export class OffsetFirstFeed extends KafkaFeed {
  crash: ((next: AppliedOffset, events: RecordedEvent[]) => boolean) | undefined;

  protected override resumePoints(): Promise<Record<string, string>> {
    return Promise.resolve({});
  }

  protected override async applyChunk(consumer: Consumer, next: AppliedOffset, events: RecordedEvent[]): Promise<void> {
    await consumer.commitOffsets([next]);
    if (this.crash?.(next, events)) {
      void this.stop();
      throw new Error('projector killed after its offset commit, before its database commit');
    }
    await super.applyChunk(consumer, next, events);
  }
}
