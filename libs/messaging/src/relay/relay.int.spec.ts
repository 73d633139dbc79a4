import { randomBytes } from 'node:crypto';
import type { AppendRequest, RecordedEvent } from '@lotstream/event-store';
import { createTestDatabase, describeWithKafka, TestDatabase, testKafkaBrokers, waitFor } from '@lotstream/testing';
import type { EventEnvelope } from '../envelope';
import { headerText, KafkaConnection } from '../kafka/kafka-connection';
import { topicOf } from '../topics';
import { EVENT_ID_HEADER, Relay } from './relay';

jest.setTimeout(180000);

const STREAMS = 100;
const EVENTS_PER_STREAM = 100;

/** Stream `n` of the fixture: lots (production and quality events), equipment and prototype builds. */
function streamOf(n: number): string {
  if (n % 10 === 8) return `equipment-G${n}`;
  if (n % 10 === 9) return `prototype-B${n}`;
  return `lot-L${n}`;
}

function typeOf(streamId: string, version: number): string {
  if (streamId.startsWith('equipment-')) return version === 1 ? 'EquipmentRegistered' : 'CalibrationRecorded';
  if (streamId.startsWith('prototype-')) return version === 1 ? 'PrototypeBuildStarted' : 'PrototypeNoteAdded';
  if (version === 1) return 'LotRegistered';
  return version % 2 === 0 ? 'InspectionRecorded' : 'ProductionStepCompleted';
}

function append(streamId: string, version: number): AppendRequest {
  return {
    streamId,
    expectedVersion: version - 1,
    events: [{ type: typeOf(streamId, version), data: { n: version }, occurredAt: '2026-11-25T08:30:00Z' }],
    metadata: { actor: { keyId: 'k1', role: 'integration' }, siteId: 'S1' },
  };
}

interface Received {
  topic: string;
  eventId: string;
  envelope: EventEnvelope;
}

describeWithKafka('relay (store → Kafka) on a real broker', () => {
  let db: TestDatabase;
  let kafka: KafkaConnection;
  const relays: Relay[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    kafka = new KafkaConnection({ brokers: testKafkaBrokers()!, clientId: 'relay-test', topicPrefix: `t${randomBytes(4).toString('hex')}.` });
    await kafka.ensureTopics();
  });

  afterAll(async () => {
    for (const relay of relays) await relay.stop();
    const admin = kafka.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: kafka.allTopics() }).catch(() => undefined);
    await admin.disconnect();
    await kafka.close();
    await db.close();
  });

  it('publishes 10,000 events over 100 streams at least once, exactly once after dedupe, in stream order — across a crash before the checkpoint save', async () => {
    const errors: unknown[] = [];
    let crashed = false;
    const first: Relay = new Relay(db.store, db.pool, kafka, {
      batchSize: 500,
      lockRetryMs: 100,
      onError: (error) => errors.push(error),
      afterPublish: () => {
        if (first.published >= 3000 && !crashed) {
          // The broker has the page; the process dies before its checkpoint is saved.
          crashed = true;
          void first.stop();
          throw new Error('crash between publish and checkpoint save');
        }
      },
    });
    const second = new Relay(db.store, db.pool, kafka, { batchSize: 500, lockRetryMs: 100, onError: (error) => errors.push(error) });
    relays.push(first, second);

    const started = Date.now();
    await first.start();
    await waitFor(
      () => first.state,
      (state) => state === 'active',
      { what: 'first relay active' },
    );
    await second.start();

    // Events not published (API keys) are skipped but covered by the checkpoint.
    await db.store.append({
      streamId: 'access-keys',
      expectedVersion: 'any',
      events: [{ type: 'ApiKeyIssued', data: { keyId: 'k1' }, occurredAt: '2026-11-25T08:30:00Z' }],
      metadata: {},
    });
    // 100 rounds, each a few concurrent transactions over all streams: safe order interleaves them.
    for (let version = 1; version <= EVENTS_PER_STREAM; version++) {
      const streams = Array.from({ length: STREAMS }, (_, n) => streamOf(n));
      const groups = [0, 1, 2, 3].map((g) => streams.filter((_, n) => n % 4 === g));
      await Promise.all(groups.map((group) => db.store.appendMany(group.map((streamId) => append(streamId, version)))));
      if (version === 10) expect(second.state).toBe('waiting'); // one active relay per store
    }
    const appendedAt = Date.now();

    const received: Received[] = [];
    const consumer = kafka.consumer(`relay-test-${randomBytes(4).toString('hex')}`);
    await consumer.connect();
    await consumer.subscribe({ topics: Object.values(kafka.topics.events), fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, message }) => {
        received.push({ topic, eventId: headerText(message.headers?.[EVENT_ID_HEADER])!, envelope: JSON.parse(message.value!.toString()) });
      },
    });
    const total = STREAMS * EVENTS_PER_STREAM;
    try {
      await waitFor(
        () => new Set(received.map((r) => r.eventId)).size,
        (unique) => unique >= total,
        { timeoutMs: 90000, intervalMs: 100, what: 'every event on Kafka' },
      );
    } finally {
      await consumer.disconnect();
    }
    const relayedAt = Date.now();
    console.log(
      `relay: ${total} events over ${STREAMS} streams appended in ${appendedAt - started} ms, all on Kafka after ${relayedAt - started} ms ` +
        `(${received.length - total} re-sent after the crash)`,
    );

    expect(crashed).toBe(true);
    expect(second.state).toBe('active');
    const stored: RecordedEvent[] = [];
    for (let page = await db.store.readAll(undefined, 5000); page.events.length > 0; page = await db.store.readAll(lastOf(stored), 5000)) {
      stored.push(...page.events);
    }
    const published = stored.filter((e) => topicOf(e.type, e.streamCategory));
    expect(published).toHaveLength(total);

    // At least once: every published event arrived; the crashed page arrived twice.
    const byId = new Map<string, Received[]>();
    for (const r of received) byId.set(r.eventId, [...(byId.get(r.eventId) ?? []), r]);
    expect(byId.size).toBe(total);
    for (const event of published) {
      const copies = byId.get(event.eventId);
      expect(copies).toBeDefined();
      // On its context topic, keyed by stream, the envelope intact.
      expect(copies![0].topic).toBe(kafka.topics.events[topicOf(event.type, event.streamCategory)!]);
      expect(copies![0].envelope).toMatchObject({ eventId: event.eventId, streamId: event.streamId, streamVersion: event.streamVersion, hash: event.hash });
    }
    expect(received.length).toBeGreaterThan(total);
    expect(received.some((r) => r.envelope.streamId === 'access-keys')).toBe(false);

    // Exactly once after dedupe, in stream-version order per stream on each topic.
    const seen = new Set<string>();
    const lastVersion = new Map<string, number>();
    for (const r of received) {
      if (seen.has(r.eventId)) continue;
      seen.add(r.eventId);
      const key = `${r.topic}|${r.envelope.streamId}`;
      expect(r.envelope.streamVersion).toBeGreaterThan(lastVersion.get(key) ?? 0);
      lastVersion.set(key, r.envelope.streamVersion);
    }
    expect(seen.size).toBe(total);

    // The successor saved the checkpoint of the last event (the API key event included) and has no lag.
    await waitFor(
      () => second.lag(),
      (lag) => lag === 0,
      { what: 'relay lag 0' },
    );
    const { rows } = await db.pool.query('SELECT checkpoint FROM relay_checkpoint');
    const last = stored[stored.length - 1];
    expect(rows).toEqual([{ checkpoint: `${last.transactionId}_${last.position}` }]);
    expect(errors.some((e) => (e as Error).message.includes('crash between publish'))).toBe(false); // stopped, not retried
  });

  it('catches up on a store of 10,000 events from its start (throughput)', async () => {
    for (const relay of relays) await relay.stop(); // one active relay per store
    const fresh = new KafkaConnection({ ...kafka.settings, topicPrefix: `${kafka.settings.topicPrefix}again.` });
    await fresh.ensureTopics();
    const relay = new Relay(db.store, db.pool, fresh, { name: 'catch-up', batchSize: 1000 });
    relays.push(relay);
    const started = Date.now();
    await relay.start();
    await waitFor(
      () => relay.published,
      (published) => published >= STREAMS * EVENTS_PER_STREAM,
      { timeoutMs: 60000, what: 'all published' },
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(`relay: caught up on ${relay.published} stored events in ${seconds.toFixed(2)} s (${Math.round(relay.published / seconds)} events/s)`);
    expect(relay.published).toBe(STREAMS * EVENTS_PER_STREAM);
    await relay.stop();
    const admin = fresh.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: fresh.allTopics() }).catch(() => undefined);
    await admin.disconnect();
    await fresh.close();
  });
});

function lastOf(events: RecordedEvent[]) {
  const last = events[events.length - 1];
  return last ? { transactionId: last.transactionId, position: last.position } : undefined;
}
