import { randomBytes } from 'node:crypto';
import { KafkaConnection, KafkaFeed, ProjectionRunner, Relay } from '@lotstream/messaging';
import { createTestDatabase, describeWithKafka, TestDatabase, testKafkaBrokers, waitFor } from '@lotstream/testing';
import { checkInvariants, type AcknowledgedCommand, type InvariantReport } from '../../bench/chaos/invariants';
import { TopicObserver } from '../../bench/chaos/observer';
import { CheckpointFirstRelay, OffsetFirstFeed, recordLoad, streamTotals, waitUntilDrained } from './fault-fixtures';

jest.setTimeout(240000);

const STREAMS = 30;
const VERSIONS = 20;
const TOTAL = STREAMS * VERSIONS;
const RELAY_PAGE = 50;
const CHUNK = 40;

/**
 * Issue 21, "a test that would catch the classic mistakes": each mistake is built on purpose
 * (fault-fixtures.ts), killed in the window it opens, and the invariant checker must report the
 * loss; the product's code, killed at the same step of the same page, must lose nothing.
 */
describeWithKafka('the invariant checker catches the classic mistakes (real broker, real PostgreSQL)', () => {
  let db: TestDatabase;
  let kafka: KafkaConnection;
  let acknowledged: AcknowledgedCommand[];
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    db = await createTestDatabase();
    kafka = new KafkaConnection({ brokers: testKafkaBrokers()!, clientId: 'chaos-test', topicPrefix: `c${randomBytes(4).toString('hex')}.` });
    await kafka.ensureTopics();
    acknowledged = await recordLoad(db, STREAMS, VERSIONS);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    const admin = kafka.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: kafka.allTopics() }).catch(() => undefined);
    await admin.disconnect();
    await kafka.close();
    await db.close();
  });

  async function startObserver(): Promise<TopicObserver> {
    const observer = new TopicObserver(kafka);
    await observer.start();
    cleanups.push(() => observer.stop());
    return observer;
  }

  async function startProjector(feed: KafkaFeed): Promise<KafkaFeed> {
    await feed.start();
    cleanups.push(() => feed.stop());
    return feed;
  }

  async function startRelay(relay: Relay): Promise<Relay> {
    await relay.start();
    cleanups.push(() => relay.stop());
    return relay;
  }

  function check(observer: TopicObserver): Promise<InvariantReport> {
    return checkInvariants({
      databaseUrl: db.url,
      acknowledged,
      observed: observer.observed,
      eventTopics: observer.eventTopics,
      readModels: [streamTotals],
    });
  }

  /** Kills a relay at its 4th page through `kill` and brings up a successor of the same build. */
  async function relayKilledOnce(build: (kill: () => boolean) => Relay, successor: () => Relay): Promise<void> {
    let pages = 0;
    const first = build(() => ++pages === 4);
    await startRelay(first);
    await waitFor(
      () => first.state,
      (state) => state === 'stopped',
      { timeoutMs: 60000, what: 'the relay killed at its 4th page' },
    );
    await startRelay(successor());
  }

  describe('a relay', () => {
    it('that commits its checkpoint before the broker acknowledged, killed in between: the checker reports the page lost', async () => {
      const observer = await startObserver();
      const runner = new ProjectionRunner(db.pool, [streamTotals]);
      await runner.ensureSchema();
      await startProjector(new KafkaFeed(runner, kafka, { groupId: `p-${randomBytes(4).toString('hex')}`, onError: () => undefined }));
      let successor: Relay | undefined;
      await relayKilledOnce(
        (kill) => {
          const relay = new CheckpointFirstRelay(db.store, db.pool, kafka, { batchSize: RELAY_PAGE, onError: () => undefined });
          relay.crash = kill;
          return relay;
        },
        () => (successor = new CheckpointFirstRelay(db.store, db.pool, kafka, { batchSize: RELAY_PAGE })),
      );
      await waitUntilDrained(kafka, successor!, runner, observer);

      const report = await check(observer);
      console.log(`checkpoint-first relay:\n  ${report.summary.join('\n  ')}`);
      expect(report.ok).toBe(false);
      // The store has every command; the page whose checkpoint was saved never reached the topics.
      expect(report.commands).toEqual({ acknowledged: TOTAL, unacknowledged: 0, missing: [], storedMoreThanOnce: [] });
      expect(report.readModels!.neverApplied).toBe(RELAY_PAGE);
      expect(report.streams!.missing.reduce((n, m) => n + m.versions.length, 0)).toBe(RELAY_PAGE);
      expect(report.lost).toBe(2 * RELAY_PAGE);
      expect(report.differingRows).toBeGreaterThan(0);
    });

    it("the product's, killed after the broker acknowledged and before its checkpoint commit: nothing lost, the page re-sent and counted", async () => {
      const observer = await startObserver();
      const runner = new ProjectionRunner(db.pool, [streamTotals]);
      await runner.ensureSchema();
      await startProjector(new KafkaFeed(runner, kafka, { groupId: `p-${randomBytes(4).toString('hex')}`, onError: () => undefined }));
      let successor: Relay | undefined;
      await relayKilledOnce(
        (kill) => {
          const relay: Relay = new Relay(db.store, db.pool, kafka, {
            batchSize: RELAY_PAGE,
            onError: () => undefined,
            afterPublish: () => {
              if (!kill()) return;
              void relay.stop();
              throw new Error('relay killed after the broker acknowledged, before its checkpoint commit');
            },
          });
          return relay;
        },
        () => (successor = new Relay(db.store, db.pool, kafka, { batchSize: RELAY_PAGE })),
      );
      await waitUntilDrained(kafka, successor!, runner, observer);

      const report = await check(observer);
      console.log(`product relay:\n  ${report.summary.join('\n  ')}`);
      expect(report.summary.filter((line) => /^(LOST|DUPLICATED|DIFFERS|GAP|OUT OF ORDER)/.test(line))).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.readModels!.tables.map((t) => t.differingRows)).toEqual([0, 0]);
      expect(report.streams!.duplicates).toBe(RELAY_PAGE);
      expect(report.streams!.observed).toBe(TOTAL + RELAY_PAGE);
    });
  });

  describe('a projector', () => {
    async function publishAll(observer: TopicObserver): Promise<Relay> {
      const relay = await startRelay(new Relay(db.store, db.pool, kafka, { batchSize: 200 }));
      await waitFor(
        () => observer.observed.length,
        (n) => n >= TOTAL,
        { timeoutMs: 60000, what: 'everything published' },
      );
      return relay;
    }

    /** Kills the first member at its 5th chunk through `kill`; a restarted member (same build) carries on. */
    async function projectorKilledOnce(build: (kill: (events: number) => boolean) => KafkaFeed, restarted: () => KafkaFeed): Promise<number> {
      let chunks = 0;
      let killed = false;
      let killedChunk = 0;
      const first = build((events) => {
        if (++chunks !== 5) return false;
        killed = true;
        killedChunk = events;
        return true;
      });
      await startProjector(first);
      await waitFor(
        () => killed,
        (done) => done,
        { timeoutMs: 60000, what: 'the projector killed at its 5th chunk' },
      );
      await first.stop();
      await startProjector(restarted());
      return killedChunk;
    }

    it('that commits its Kafka offset before its database transaction, killed in between: the checker reports the chunk lost', async () => {
      const observer = await startObserver();
      const relay = await publishAll(observer);
      const runner = new ProjectionRunner(db.pool, [streamTotals]);
      await runner.ensureSchema();
      const groupId = `p-${randomBytes(4).toString('hex')}`;
      const killedChunk = await projectorKilledOnce(
        (kill) => {
          const feed = new OffsetFirstFeed(runner, kafka, { groupId, chunkSize: CHUNK, onError: () => undefined });
          feed.crash = (_next, events) => kill(events.length);
          return feed;
        },
        () => new OffsetFirstFeed(runner, kafka, { groupId, chunkSize: CHUNK, onError: () => undefined }),
      );
      await waitUntilDrained(kafka, relay, runner, observer);

      const report = await check(observer);
      console.log(`offset-first projector:\n  ${report.summary.join('\n  ')}`);
      expect(report.ok).toBe(false);
      expect(killedChunk).toBeGreaterThan(0);
      expect(report.readModels!.neverApplied).toBe(killedChunk);
      expect(report.lost).toBe(killedChunk);
      expect(report.differingRows).toBeGreaterThan(0);
      expect(report.streams!.missing).toEqual([]);
    });

    it("the product's, killed after its database commit and before its offset commit: nothing lost, nothing applied twice", async () => {
      const observer = await startObserver();
      const relay = await publishAll(observer);
      const runner = new ProjectionRunner(db.pool, [streamTotals]);
      await runner.ensureSchema();
      const groupId = `p-${randomBytes(4).toString('hex')}`;
      await projectorKilledOnce(
        (kill) => {
          const feed: KafkaFeed = new KafkaFeed(runner, kafka, {
            groupId,
            chunkSize: CHUNK,
            onError: () => undefined,
            afterApply: () => {
              if (!kill(CHUNK)) return;
              void feed.stop();
              throw new Error('projector killed after its database commit, before its offset commit');
            },
          });
          return feed;
        },
        () => new KafkaFeed(runner, kafka, { groupId, chunkSize: CHUNK, onError: () => undefined }),
      );
      await waitUntilDrained(kafka, relay, runner, observer);

      const report = await check(observer);
      console.log(`product projector:\n  ${report.summary.join('\n  ')}`);
      expect(report.summary.filter((line) => /^(LOST|DUPLICATED|DIFFERS|GAP|OUT OF ORDER)/.test(line))).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.readModels).toMatchObject({ neverApplied: 0, appliedUnknown: 0 });
      expect(report.readModels!.tables.map((t) => t.differingRows)).toEqual([0, 0]);
    });
  });
});
