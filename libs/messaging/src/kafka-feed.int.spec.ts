import { randomBytes } from 'node:crypto';
import { AssignerProtocol } from 'kafkajs';
import type { PoolClient } from 'pg';
import type { AppendRequest, RecordedEvent } from '@lotstream/event-store';
import { createTestDatabase, describeWithKafka, TestDatabase, testKafkaBrokers, waitFor } from '@lotstream/testing';
import { toEnvelope } from './envelope';
import { InProcessFeed } from './in-process-feed';
import { KafkaFeed, kafkaSource } from './kafka-feed';
import { KafkaConnection } from './kafka/kafka-connection';
import { ProjectionRunner } from './projection/projection-runner';
import type { ReadModel } from './projection/read-model';
import { EVENT_ID_HEADER, Relay } from './relay/relay';
import { topicOf } from './topics';

jest.setTimeout(180000);

const STREAMS = 50;
const EVENTS_PER_STREAM = 100;
const TOTAL = STREAMS * EVENTS_PER_STREAM;

/** The test models below update rows per event: each event of a page in turn, in order. */
function eachEvent(apply: (tx: PoolClient, event: RecordedEvent) => Promise<void>): ReadModel['handle'] {
  return async (tx, events) => {
    for (const event of events) await apply(tx, event);
  };
}

/**
 * A tiny read model: per stream, how many events, the highest version and its hash; per stream and
 * context topic the last version (refusing one out of order: a stream keeps its order within a
 * topic, while a lot's production and quality events interleave freely); per type a counter.
 */
const streamCounts: ReadModel = {
  name: 'stream-counts',
  ddl: [
    'CREATE TABLE IF NOT EXISTS stream_counts (stream_id text PRIMARY KEY, events int NOT NULL, max_version int NOT NULL, max_hash text NOT NULL)',
    'CREATE TABLE IF NOT EXISTS stream_topic_versions (stream_id text, topic text, last_version int NOT NULL, PRIMARY KEY (stream_id, topic))',
    'CREATE TABLE IF NOT EXISTS type_counts (type text PRIMARY KEY, events int NOT NULL)',
  ],
  tables: ['stream_counts', 'stream_topic_versions', 'type_counts'],
  handle: eachEvent(async (tx: PoolClient, event: RecordedEvent) => {
    const topic = topicOf(event.type, event.streamCategory);
    if (!topic) return;
    const { rows } = await tx.query('SELECT last_version FROM stream_topic_versions WHERE stream_id = $1 AND topic = $2', [event.streamId, topic]);
    const last = rows[0]?.last_version ?? 0;
    if (event.streamVersion <= last) throw new Error(`${event.streamId} on ${topic}: version ${event.streamVersion} after ${last}`);
    await tx.query(
      `INSERT INTO stream_topic_versions (stream_id, topic, last_version) VALUES ($1, $2, $3)
       ON CONFLICT (stream_id, topic) DO UPDATE SET last_version = $3`,
      [event.streamId, topic, event.streamVersion],
    );
    await tx.query(
      `INSERT INTO stream_counts (stream_id, events, max_version, max_hash) VALUES ($1, 1, $2, $3)
       ON CONFLICT (stream_id) DO UPDATE SET events = stream_counts.events + 1,
         max_hash = CASE WHEN $2 > stream_counts.max_version THEN $3 ELSE stream_counts.max_hash END,
         max_version = greatest(stream_counts.max_version, $2)`,
      [event.streamId, event.streamVersion, event.hash],
    );
    await tx.query(`INSERT INTO type_counts (type, events) VALUES ($1, 1) ON CONFLICT (type) DO UPDATE SET events = type_counts.events + 1`, [event.type]);
  }),
};

function streamOf(n: number): string {
  if (n % 10 === 8) return `equipment-G${n}`;
  if (n % 10 === 9) return `prototype-B${n}`;
  return `lot-L${n}`;
}

function append(streamId: string, version: number): AppendRequest {
  const type = streamId.startsWith('equipment-')
    ? version === 1
      ? 'EquipmentRegistered'
      : 'CalibrationRecorded'
    : streamId.startsWith('prototype-')
      ? version === 1
        ? 'PrototypeBuildStarted'
        : 'PrototypeNoteAdded'
      : version === 1
        ? 'LotRegistered'
        : version % 3 === 0
          ? 'InspectionRecorded'
          : 'ProductionStepCompleted';
  return {
    streamId,
    expectedVersion: version - 1,
    events: [{ type, data: { n: version }, occurredAt: '2026-11-25T08:30:00Z' }],
    metadata: { actor: { keyId: 'k1', role: 'integration' }, siteId: 'S1' },
  };
}

async function tableRows(db: TestDatabase, schema: string, table: string, order: string): Promise<unknown[]> {
  const { rows } = await db.pool.query(`SELECT * FROM ${schema}.${table} ORDER BY ${order}`);
  return rows;
}

describeWithKafka('Kafka projector feed on a real broker', () => {
  let db: TestDatabase;
  let kafka: KafkaConnection;

  beforeAll(async () => {
    db = await createTestDatabase();
    kafka = new KafkaConnection({ brokers: testKafkaBrokers()!, clientId: 'feed-test', topicPrefix: `t${randomBytes(4).toString('hex')}.` });
    await kafka.ensureTopics();
  });

  afterAll(async () => {
    const admin = kafka.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: kafka.allTopics() }).catch(() => undefined);
    await admin.disconnect();
    await kafka.close();
    await db.close();
  });

  it('after a hard stop between the database commit and the offset commit, read models equal a clean replay and nothing is applied twice', async () => {
    // 5,000 events over 50 streams, interleaved by concurrent transactions, plus an unpublished API-key event.
    await db.store.append({
      streamId: 'access-keys',
      expectedVersion: 'any',
      events: [{ type: 'ApiKeyIssued', data: {}, occurredAt: '2026-11-25T08:30:00Z' }],
      metadata: {},
    });
    for (let version = 1; version <= EVENTS_PER_STREAM; version++) {
      const streams = Array.from({ length: STREAMS }, (_, n) => streamOf(n));
      await Promise.all([0, 1, 2].map((g) => db.store.appendMany(streams.filter((_, n) => n % 3 === g).map((s) => append(s, version)))));
    }
    const relay = new Relay(db.store, db.pool, kafka, { batchSize: 1000 });
    await relay.start();
    await waitFor(
      () => relay.published,
      (n) => n >= TOTAL,
      { timeoutMs: 60000, what: 'relay published everything' },
    );
    await relay.stop();

    // The relay re-sends after a crash: the last 500 events arrive a second time.
    const stored: RecordedEvent[] = [];
    for (let page = await db.store.readAll(undefined, 10000); page.events.length > 0;) {
      stored.push(...page.events);
      const last = page.events[page.events.length - 1];
      page = await db.store.readAll({ transactionId: last.transactionId, position: last.position }, 10000);
    }
    const published = stored.filter((e) => topicOf(e.type, e.streamCategory));
    const resent = published.slice(-500);
    const producer = kafka.producer();
    await producer.connect();
    for (const event of resent) {
      await producer.send({
        topic: kafka.topics.events[topicOf(event.type, event.streamCategory)!],
        messages: [{ key: event.streamId, value: JSON.stringify(toEnvelope(event)), headers: { [EVENT_ID_HEADER]: event.eventId } }],
      });
    }
    await producer.disconnect();

    const groupId = `projector-${randomBytes(4).toString('hex')}`;
    const runner = new ProjectionRunner(db.pool, [streamCounts], 'rm');
    await runner.ensureSchema();

    // First member: dies right after the 8th chunk's transaction committed, before its offsets reach Kafka.
    let chunks = 0;
    let crashedSource = '';
    let stopping: Promise<void> | undefined;
    const first: KafkaFeed = new KafkaFeed(runner, kafka, {
      groupId,
      chunkSize: 200,
      onError: () => undefined,
      afterApply: (source) => {
        if (++chunks === 8) {
          crashedSource = source;
          stopping = first.stop();
          throw new Error('projector crashed');
        }
      },
    });
    await first.start();
    await waitFor(
      () => crashedSource,
      (source) => source !== '',
      { what: 'the crash' },
    );
    await stopping;

    const appliedAtCrash = new Set((await db.pool.query('SELECT event_id FROM rm.applied_events')).rows.map((r) => r.event_id as string));
    expect(appliedAtCrash.size).toBeGreaterThan(0);
    expect(appliedAtCrash.size).toBeLessThan(TOTAL);
    // The crash window is real: the database checkpoint is ahead of the group's committed offset.
    const [, topic, partition] = /^kafka:(.+):(\d+)$/.exec(crashedSource)!;
    const admin = kafka.kafka.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committedOffset = Number(committed[0].partitions.find((p) => p.partition === Number(partition))!.offset);
    expect(Number(await runner.checkpoint(kafkaSource(topic, Number(partition))))).toBeGreaterThan(committedOffset);

    // Second member (a restarted process): resumes from the database checkpoints.
    const restarted = new ProjectionRunner(db.pool, [streamCounts], 'rm');
    const offered: string[] = [];
    const apply = restarted.apply.bind(restarted);
    restarted.apply = (events, checkpoint) => {
      offered.push(...events.map((e) => e.eventId));
      return apply(events, checkpoint);
    };
    const second = new KafkaFeed(restarted, kafka, { groupId, chunkSize: 200 });
    const started = Date.now();
    await second.start();
    try {
      await waitFor(
        async () => Number((await db.pool.query('SELECT count(*) FROM rm.applied_events')).rows[0].count),
        (n) => n >= TOTAL,
        { timeoutMs: 90000, intervalMs: 100, what: 'every event applied' },
      );
      console.log(`kafka feed: ${TOTAL - appliedAtCrash.size} events applied after the restart in ${Date.now() - started} ms`);
      // Every offset committed to Kafka after the restart (the group stands at the end of each partition).
      const ends = new Map<string, string>();
      for (const name of Object.values(kafka.topics.events)) {
        for (const p of await admin.fetchTopicOffsets(name)) ends.set(`${name}:${p.partition}`, p.high);
      }
      await waitFor(
        async () => {
          const offsets = await admin.fetchOffsets({ groupId, topics: Object.values(kafka.topics.events) });
          return offsets.flatMap((t) =>
            t.partitions
              .filter((p) => p.offset !== ends.get(`${t.topic}:${p.partition}`) && !(p.offset === '-1' && ends.get(`${t.topic}:${p.partition}`) === '0'))
              .map((p) => `${t.topic}:${p.partition} at ${p.offset} of ${ends.get(`${t.topic}:${p.partition}`)}`),
          );
        },
        (behind) => behind.length === 0,
        { what: 'offsets committed' },
      );
    } finally {
      await second.stop();
      await admin.disconnect();
    }
    // Nothing from before the crash was offered again, except the copies the relay re-sent.
    const resentIds = new Set(resent.map((e) => e.eventId));
    expect(offered.filter((id) => appliedAtCrash.has(id) && !resentIds.has(id))).toEqual([]);

    // A clean full replay in global order, through the in-process feed, into another schema.
    const replay = new ProjectionRunner(db.pool, [streamCounts], 'rm_replay');
    await replay.ensureSchema();
    const feed = new InProcessFeed(db.store, db.pool, replay);
    await feed.start();
    try {
      // One event at a time through a model of several statements: slow on a loaded machine.
      await waitFor(
        () => feed.caughtUp,
        (caughtUp) => caughtUp,
        { timeoutMs: 120000, what: 'replay caught up' },
      );
    } finally {
      await feed.stop();
    }

    expect(await tableRows(db, 'rm', 'stream_counts', 'stream_id')).toEqual(await tableRows(db, 'rm_replay', 'stream_counts', 'stream_id'));
    expect(await tableRows(db, 'rm', 'stream_topic_versions', 'stream_id, topic')).toEqual(
      await tableRows(db, 'rm_replay', 'stream_topic_versions', 'stream_id, topic'),
    );
    expect(await tableRows(db, 'rm', 'type_counts', 'type')).toEqual(await tableRows(db, 'rm_replay', 'type_counts', 'type'));
    // Exactly once: one applied record per published event, and each stream counted to its length.
    expect(Number((await db.pool.query('SELECT count(*) FROM rm.applied_events')).rows[0].count)).toBe(TOTAL);
    const counts = (await tableRows(db, 'rm', 'stream_counts', 'stream_id')) as Array<{ stream_id: string; events: number; max_version: number }>;
    expect(counts).toHaveLength(STREAMS);
    for (const row of counts) expect([row.events, row.max_version]).toEqual([EVENTS_PER_STREAM, EVENTS_PER_STREAM]);
  });
});

const LOTS = 90;
const EVENTS_PER_LOT = 40;
const LOT_EVENTS = LOTS * EVENTS_PER_LOT;
const PARTS = 3;

/**
 * SPC-style totals per part and per part × characteristic, kept by increments: every lot of a part
 * writes the same rows, whatever partition its stream is on, and a row is locked by the first event
 * of a transaction that touches it — so two members' transactions take the rows in different
 * orders. An increment applied twice or lost shows in the totals; an event out of its stream's
 * order fails the page.
 */
const partTotals: ReadModel = {
  name: 'part-totals',
  ddl: [
    'CREATE TABLE IF NOT EXISTS part_totals (part text PRIMARY KEY, events int NOT NULL, lots int NOT NULL)',
    `CREATE TABLE IF NOT EXISTS part_subgroups (part text, characteristic text, subgroups int NOT NULL, n int NOT NULL,
       sum bigint NOT NULL, sum_of_squares bigint NOT NULL, PRIMARY KEY (part, characteristic))`,
    'CREATE TABLE IF NOT EXISTS stream_topic_versions (stream_id text, topic text, last_version int NOT NULL, PRIMARY KEY (stream_id, topic))',
  ],
  tables: ['part_totals', 'part_subgroups', 'stream_topic_versions'],
  handle: eachEvent(async (tx: PoolClient, event: RecordedEvent) => {
    const topic = topicOf(event.type, event.streamCategory)!;
    const { rows } = await tx.query('SELECT last_version FROM stream_topic_versions WHERE stream_id = $1 AND topic = $2', [event.streamId, topic]);
    const last = rows[0]?.last_version ?? 0;
    if (event.streamVersion <= last) throw new Error(`${event.streamId} on ${topic}: version ${event.streamVersion} after ${last}`);
    await tx.query(
      `INSERT INTO stream_topic_versions (stream_id, topic, last_version) VALUES ($1, $2, $3)
       ON CONFLICT (stream_id, topic) DO UPDATE SET last_version = $3`,
      [event.streamId, topic, event.streamVersion],
    );
    const registered = event.type === 'LotRegistered' ? 1 : 0;
    await tx.query(
      `INSERT INTO part_totals (part, events, lots) VALUES ($1, 1, $2)
       ON CONFLICT (part) DO UPDATE SET events = part_totals.events + 1, lots = part_totals.lots + $2`,
      [event.data.part, registered],
    );
    if (event.type === 'InspectionRecorded') {
      const values = event.data.measurements as number[];
      await tx.query(
        `INSERT INTO part_subgroups (part, characteristic, subgroups, n, sum, sum_of_squares) VALUES ($1, $2, 1, $3, $4, $5)
         ON CONFLICT (part, characteristic) DO UPDATE SET subgroups = part_subgroups.subgroups + 1, n = part_subgroups.n + $3,
           sum = part_subgroups.sum + $4, sum_of_squares = part_subgroups.sum_of_squares + $5`,
        [event.data.part, event.data.characteristic, values.length, values.reduce((s, x) => s + x, 0), values.reduce((s, x) => s + x * x, 0)],
      );
    }
  }),
};

function lotEvent(lot: number, version: number): AppendRequest {
  const part = `PN-${lot % PARTS}`;
  const inspection = version % 2 === 0;
  const measurements = Array.from({ length: 5 }, (_, k) => ((lot * 31 + version * 7 + k) % 50) + 100);
  return {
    streamId: `lot-C${lot}`,
    expectedVersion: version - 1,
    events: [
      version === 1
        ? { type: 'LotRegistered', data: { part }, occurredAt: '2026-11-25T08:30:00Z' }
        : inspection
          ? { type: 'InspectionRecorded', data: { part, characteristic: `DIA-${version % 4}`, measurements }, occurredAt: '2026-11-25T08:31:00Z' }
          : { type: 'ProductionStepCompleted', data: { part }, occurredAt: '2026-11-25T08:32:00Z' },
    ],
    metadata: { actor: { keyId: 'k1', role: 'integration' }, siteId: 'S1' },
  };
}

describeWithKafka('Kafka projector feed on a real broker, partitions applied concurrently', () => {
  let db: TestDatabase;
  let kafka: KafkaConnection;

  beforeAll(async () => {
    db = await createTestDatabase();
    kafka = new KafkaConnection({ brokers: testKafkaBrokers()!, clientId: 'feed-test', topicPrefix: `t${randomBytes(4).toString('hex')}.` });
    await kafka.ensureTopics();
  });

  afterAll(async () => {
    const admin = kafka.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: kafka.allTopics() }).catch(() => undefined);
    await admin.disconnect();
    await kafka.close();
    await db.close();
  });

  it('two members, each applying its partitions together, leave rows shared by streams of every partition as a replay in global order does', async () => {
    const lots = Array.from({ length: LOTS }, (_, n) => n);
    const appendRound = (version: number) =>
      Promise.all([0, 1, 2].map((g) => db.store.appendMany(lots.filter((n) => n % 3 === g).map((n) => lotEvent(n, version)))));
    await appendRound(1);
    const schema = new ProjectionRunner(db.pool, [partTotals], 'rm');
    await schema.ensureSchema();

    // Both members' transactions, as they run: how many at once, how many partitions in one, and
    // any that failed (a deadlock between the members must be retried by the runner, not surface).
    const errors: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    let mostSources = 0;
    const pages = [0, 0];
    const counted = (runner: ProjectionRunner, member: number): ProjectionRunner => {
      const apply = runner.apply.bind(runner);
      runner.apply = async (events, checkpoint) => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        mostSources = Math.max(mostSources, checkpoint === undefined ? 0 : 'source' in checkpoint ? 1 : checkpoint.length);
        try {
          const applied = await apply(events, checkpoint);
          pages[member]++;
          return applied;
        } catch (error) {
          errors.push(`member ${member}: ${(error as Error).message}`);
          throw error;
        } finally {
          inFlight--;
        }
      };
      return runner;
    };
    const groupId = `projector-${randomBytes(4).toString('hex')}`;
    const members = [0, 1].map(
      (member) =>
        new KafkaFeed(counted(new ProjectionRunner(db.pool, [partTotals], 'rm'), member), kafka, {
          groupId,
          onError: (error) => errors.push(String((error as Error)?.message ?? error)),
        }),
    );
    const admin = kafka.kafka.admin();
    await admin.connect();
    const relay = new Relay(db.store, db.pool, kafka, { batchSize: 500 });
    let reported: string[] = [];
    try {
      await Promise.all(members.map((member) => member.start()));
      // Both members hold partitions before anything is published, so both have work at once.
      await waitFor(
        async () => (await admin.describeGroups([groupId])).groups[0],
        (group) =>
          group.state === 'Stable' &&
          group.members.length === 2 &&
          group.members.every((m) => Object.values(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {}).flat().length > 0),
        { timeoutMs: 60000, intervalMs: 200, what: 'two members with partitions' },
      );
      await relay.start();
      // Then the rest is recorded while both are consuming.
      await waitFor(
        () => pages,
        (applied) => applied.every((n) => n > 0),
        { timeoutMs: 60000, what: 'both members applying' },
      );
      for (let version = 2; version <= EVENTS_PER_LOT; version++) await appendRound(version);
      await waitFor(
        async () => Number((await db.pool.query('SELECT count(*) FROM rm.applied_events')).rows[0].count),
        (n) => n >= LOT_EVENTS,
        { timeoutMs: 120000, intervalMs: 100, what: 'every event applied' },
      );
    } finally {
      // A member leaving makes the other rejoin; what it reports from then on is not under test.
      reported = [...errors];
      await relay.stop();
      for (const member of members) await member.stop();
      await admin.disconnect();
    }
    const { rows } = await db.pool.query('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()');
    console.log(`concurrent members: ${pages[0]} + ${pages[1]} transactions, ${rows[0].deadlocks} deadlocks seen by the server so far`);
    expect(reported).toEqual([]);
    expect(mostInFlight).toBe(2);
    expect(mostSources).toBeGreaterThan(1);

    const replay = new ProjectionRunner(db.pool, [partTotals], 'rm_replay');
    await replay.ensureSchema();
    const feed = new InProcessFeed(db.store, db.pool, replay);
    await feed.start();
    try {
      // One event at a time through a model of several statements: slow on a loaded machine.
      await waitFor(
        () => feed.caughtUp,
        (caughtUp) => caughtUp,
        { timeoutMs: 120000, what: 'replay caught up' },
      );
    } finally {
      await feed.stop();
    }

    expect(Number((await db.pool.query('SELECT count(*) FROM rm.applied_events')).rows[0].count)).toBe(LOT_EVENTS);
    const totals = await tableRows(db, 'rm', 'part_totals', 'part');
    expect(totals).toEqual(await tableRows(db, 'rm_replay', 'part_totals', 'part'));
    expect(totals).toEqual(Array.from({ length: PARTS }, (_, p) => ({ part: `PN-${p}`, events: (LOTS / PARTS) * EVENTS_PER_LOT, lots: LOTS / PARTS })));
    expect(await tableRows(db, 'rm', 'part_subgroups', 'part, characteristic')).toEqual(
      await tableRows(db, 'rm_replay', 'part_subgroups', 'part, characteristic'),
    );
    expect(await tableRows(db, 'rm', 'stream_topic_versions', 'stream_id, topic')).toEqual(
      await tableRows(db, 'rm_replay', 'stream_topic_versions', 'stream_id, topic'),
    );
  });
});
