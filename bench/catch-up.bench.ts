import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { PostgresEventStore } from '@lotstream/event-store';
import { AppliedCheckpoint, KafkaConnection, KafkaFeed, ProjectionRunner, Relay } from '@lotstream/messaging';
import { ALL_READ_MODELS } from '@lotstream/schema';
import { ensureDataset } from './dataset';
import { Figure, log, SuiteResult } from './harness';
import { describeDataset } from './store-scale.bench';

/** Counts what the product's runner applied (it returns the events it applied, duplicates excluded). */
class CountingRunner extends ProjectionRunner {
  applied = 0;

  override async apply(events: RecordedEvent[], checkpoint?: AppliedCheckpoint | readonly AppliedCheckpoint[]): Promise<number> {
    const applied = await super.apply(events, checkpoint);
    this.applied += applied;
    return applied;
  }
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, progress: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reported = Date.now();
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${progress()})`);
    if (Date.now() - reported > 15000) {
      log(`catch-up: ${progress()}`);
      reported = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * `npm run bench -- catch-up`: the live projector (KafkaFeed + ProjectionRunner, the projector
 * deployable's defaults) catching up on a backlog of the whole 1M-event bench store (× BENCH_SCALE)
 * already in Kafka. First the product's Relay publishes the store to fresh topics (its own checkpoint
 * row, removed afterwards; its rate is reported too); then a new consumer group starts from the
 * beginning and applies everything into a fresh read-model schema. Rate = events / (feed start →
 * the last event applied). Target ≥ 20,000 events/s (issue 22).
 */
export async function catchUpBench(scale = 1): Promise<SuiteResult> {
  const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
  const dataset = await ensureDataset(Math.round(1_000_000 * scale));
  const pool = new Pool({ connectionString: dataset.url, max: 20 });
  const tag = randomBytes(3).toString('hex');
  const schema = `rm_catchup_${tag}`;
  const relayName = `bench-catchup-${tag}`;
  const connection = new KafkaConnection({ brokers, clientId: 'bench-catchup', topicPrefix: `benchcu${tag}.`, partitions: 3 });
  const store = new PostgresEventStore(pool);
  const relay = new Relay(store, pool, connection, { name: relayName, onError: (error) => log(`relay: ${(error as Error).message}`) });
  const runner = new CountingRunner(pool, ALL_READ_MODELS, schema);
  const feed = new KafkaFeed(runner, connection, { groupId: `bench-catchup-${tag}`, onError: (error) => log(`feed: ${(error as Error).message}`) });
  try {
    await connection.check(5000).catch((error) => {
      throw new Error(`no Kafka broker at ${brokers.join(',')} (${(error as Error).message})`);
    });
    await connection.ensureTopics(Object.values(connection.topics.events));
    let started = process.hrtime.bigint();
    await relay.start();
    await waitUntil(
      async () => relay.state === 'active' && (await relay.lag()) === 0,
      3_600_000,
      'the relay to publish the backlog',
      () => `${relay.published} of ${dataset.events} published`,
    );
    const relaySeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await relay.stop();
    const total = relay.published;
    log(`catch-up: ${total} events in Kafka after ${relaySeconds.toFixed(0)} s; starting the projector`);
    await runner.ensureSchema();
    started = process.hrtime.bigint();
    await feed.start();
    await waitUntil(
      () => runner.applied >= total,
      3_600_000,
      'the projector to catch up',
      () => `${runner.applied} of ${total} applied`,
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rate = total / seconds;
    const relayRate = total / relaySeconds;
    const figures: Figure[] = [
      {
        name: `live projection from Kafka, catch-up after a backlog of ${total.toLocaleString('en-US')} events`,
        value: rate,
        unit: 'events/s',
        target: '≥ 20,000 events/s',
        met: rate >= 20000,
        note: `${seconds.toFixed(0)} s, consumer group from the earliest offset, 3 partitions, every read model`,
      },
      { name: '… the relay publishing that backlog (acks=all)', value: relayRate, unit: 'events/s', note: `${relaySeconds.toFixed(0)} s` },
    ];
    return { figures, notes: [describeDataset(dataset), 'relay, feed and PostgreSQL and the broker on the same 2 cores'] };
  } finally {
    await relay.stop().catch(() => undefined);
    await feed.stop().catch(() => undefined);
    const admin = connection.kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteTopics({ topics: Object.values(connection.topics.events) }))
      .catch(() => undefined)
      .finally(() => admin.disconnect().catch(() => undefined));
    await connection.close().catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await pool.query(`DELETE FROM relay_checkpoint WHERE relay = $1`, [relayName]).catch(() => undefined);
    await pool.end();
  }
}
