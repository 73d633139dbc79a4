import { Client, Pool } from 'pg';
import type { Message, Producer } from 'kafkajs';
import { Checkpoint, decodeCheckpoint, encodeCheckpoint, EventStore, RecordedEvent, START, StoreSubscription } from '@lotstream/event-store';
import { metrics } from '@lotstream/platform';
import { toEnvelope } from '../envelope';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { topicOf } from '../topics';
import { expectedPartitions, TopicPartitionCounts, unacknowledgedPartitions } from './partition-acknowledgements';

/** Session-level advisory lock held by the active relay of a store (7411001 guards migrations). */
export const RELAY_LOCK_KEY = 7411002;
export const EVENT_ID_HEADER = 'event-id';
export const EVENT_TYPE_HEADER = 'event-type';

export type RelayState = 'stopped' | 'waiting' | 'active';

export interface RelayOptions {
  /** Row of relay_checkpoint (one per store and cluster; default `events`). */
  name?: string;
  batchSize?: number;
  /** How often a standby relay tries the lock (ms). */
  lockRetryMs?: number;
  /** Called after the broker acknowledged a page, before its checkpoint is saved (instrumentation, crash tests). */
  afterPublish?: (events: RecordedEvent[], next: Checkpoint) => Promise<void> | void;
  onError?: (error: unknown) => void;
}

/**
 * The store is the outbox: the relay tails it in safe order, publishes each event to its context
 * topic (key = stream id, so one stream stays on one partition and in order) and saves its
 * checkpoint only once the broker acknowledged the page. A crash between the two re-sends the
 * page; consumers dedupe on the `event-id` header. One relay is active per store: it holds a
 * session-level advisory lock on a connection of its own, and a second instance waits for it.
 */
export class Relay {
  private running = false;
  private loop: Promise<void> | undefined;
  private stopped = deferred<void>();
  private lagTimer: NodeJS.Timeout | undefined;
  state: RelayState = 'stopped';
  /** The last checkpoint saved (what a successor would resume from). */
  savedCheckpoint: Checkpoint = START;
  published = 0;
  /** Partitions of each event topic, read when a producer session starts (see partition-acknowledgements.ts). */
  private partitionCounts: TopicPartitionCounts = new Map();
  /** Why the relay last stopped publishing, until a page goes through again (readiness). */
  failure: { message: string; since: Date } | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly kafka: KafkaConnection,
    private readonly options: RelayOptions = {},
  ) {}

  private get name(): string {
    return this.options.name ?? 'events';
  }

  /** Returns at once; the relay becomes active when it gets the lock. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopped = deferred<void>();
    this.state = 'waiting';
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopped.resolve();
    await this.loop;
    this.loop = undefined;
  }

  /** Events of the store after the saved checkpoint (those relayed but not yet saved included). */
  lag(): Promise<number> {
    return this.store.countAfter(this.savedCheckpoint);
  }

  private async run(): Promise<void> {
    while (this.running) {
      let lockClient: Client | undefined;
      let producer: Producer | undefined;
      let subscription: StoreSubscription | undefined;
      try {
        lockClient = await this.acquireLock();
        if (!lockClient) break;
        const lost = new Promise<unknown>((resolve) => {
          lockClient!.once('error', (error) => resolve(error));
          lockClient!.once('end', () => resolve(new Error('relay lock connection closed')));
        });
        const failed = deferred<unknown>();
        this.savedCheckpoint = await this.loadCheckpoint(lockClient);
        producer = this.kafka.producer();
        await producer.connect();
        this.partitionCounts = await this.kafka.partitionCounts(Object.values(this.kafka.topics.events));
        const activeProducer = producer;
        const activeLock = lockClient;
        subscription = new StoreSubscription(this.store, this.pool, {
          loadCheckpoint: async () => this.savedCheckpoint,
          batchSize: this.options.batchSize ?? 1000,
          handle: async (events, next) => {
            try {
              await this.relayPage(activeProducer, activeLock, events, next);
            } catch (error) {
              // Start over from the saved checkpoint with a fresh producer (re-sending is expected).
              failed.resolve(error);
              throw error;
            }
          },
          onError: () => undefined,
        });
        this.state = 'active';
        this.startLagTimer();
        await subscription.start();
        const reason = await Promise.race([lost, failed.promise, this.stopped.promise]);
        if (reason !== undefined && this.running) this.fail(reason);
      } catch (error) {
        if (this.running) this.fail(error);
      } finally {
        this.stopLagTimer();
        await subscription?.stop().catch(() => undefined);
        await producer?.disconnect().catch(() => undefined);
        // Closing the session releases the advisory lock.
        await lockClient?.end().catch(() => undefined);
        this.state = this.running ? 'waiting' : 'stopped';
      }
      if (this.running) await this.sleep(1000);
    }
    this.state = 'stopped';
  }

  /** A dedicated session that holds the lock; undefined when stopped while waiting. */
  private async acquireLock(): Promise<Client | undefined> {
    while (this.running) {
      const client = new Client({ ...this.pool.options, keepAlive: true } as ConstructorParameters<typeof Client>[0]);
      client.on('error', () => undefined);
      try {
        await client.connect();
        for (;;) {
          const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS locked', [RELAY_LOCK_KEY]);
          if (rows[0].locked) {
            // Checkpoints are saved on this session only, after every page: not waiting for their
            // WAL flush takes a disk flush off the path of each page. A server crash may lose the
            // last saves, which re-sends those pages, as a crash before a save does (consumers dedupe).
            await client.query('SET synchronous_commit TO off');
            return client;
          }
          if (!this.running) break;
          await this.sleep(this.options.lockRetryMs ?? 1000);
          if (!this.running) break;
        }
      } catch (error) {
        this.fail(error);
      }
      await client.end().catch(() => undefined);
      if (this.running) await this.sleep(1000);
    }
    return undefined;
  }

  /**
   * One page: published and acknowledged by the broker, then its checkpoint saved, in that order (a
   * crash between the two re-sends the page, never skips it). Protected for the fault tests only,
   * which save the checkpoint first, to show the harness catching what that loses.
   */
  protected async relayPage(producer: Producer, lockClient: Client, events: RecordedEvent[], next: Checkpoint): Promise<void> {
    await this.publish(producer, events);
    await this.options.afterPublish?.(events, next);
    await this.saveCheckpoint(lockClient, next, events.length);
    this.failure = undefined;
  }

  private fail(error: unknown): void {
    this.failure ??= { message: (error as Error)?.message ?? String(error), since: new Date() };
    this.options.onError?.(error);
  }

  protected async publish(producer: Producer, events: RecordedEvent[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const event of events) {
      const topic = topicOf(event.type, event.streamCategory);
      if (!topic) continue; // not published (access keys); still covered by the checkpoint
      const name = this.kafka.topics.events[topic];
      if (!byTopic.has(name)) byTopic.set(name, []);
      byTopic.get(name)!.push({
        key: event.streamId,
        value: JSON.stringify(toEnvelope(event)),
        headers: { [EVENT_ID_HEADER]: event.eventId, [EVENT_TYPE_HEADER]: event.type },
      });
    }
    if (byTopic.size === 0) return;
    // Resolves once every partition leader has the messages replicated to all in-sync replicas.
    const expected = expectedPartitions(byTopic, this.partitionCounts);
    const acknowledged = await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    // The send can resolve without a partition whose leader moved during a retry (see
    // partition-acknowledgements.ts): the page is then not checkpointed but sent again.
    const missing = unacknowledgedPartitions(expected, acknowledged);
    if (missing.length > 0) throw new Error(`broker acknowledged the page without ${missing.join(', ')}`);
    let count = 0;
    byTopic.forEach((messages) => (count += messages.length));
    this.published += count;
    metrics.relayPublished.inc(count);
  }

  private async loadCheckpoint(lockClient: Client): Promise<Checkpoint> {
    const { rows } = await lockClient.query('SELECT checkpoint FROM relay_checkpoint WHERE relay = $1', [this.name]);
    return (rows[0] && decodeCheckpoint(rows[0].checkpoint)) || START;
  }

  /** Through the lock's own session: a relay that lost its lock cannot move the checkpoint. */
  protected async saveCheckpoint(lockClient: Client, next: Checkpoint, events: number): Promise<void> {
    await lockClient.query(
      `INSERT INTO relay_checkpoint (relay, checkpoint, published, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (relay) DO UPDATE SET checkpoint = EXCLUDED.checkpoint,
         published = relay_checkpoint.published + EXCLUDED.published, updated_at = EXCLUDED.updated_at`,
      [this.name, encodeCheckpoint(next), events],
    );
    this.savedCheckpoint = next;
  }

  private startLagTimer(): void {
    const update = () =>
      void this.lag()
        .then((lag) => metrics.relayLagEvents.set(lag))
        .catch(() => undefined);
    update();
    this.lagTimer = setInterval(update, 5000);
    this.lagTimer.unref();
  }

  private stopLagTimer(): void {
    if (this.lagTimer) clearInterval(this.lagTimer);
    this.lagTimer = undefined;
  }

  private async sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, ms))), this.stopped.promise]);
    clearTimeout(timer);
  }
}

/**
 * Events recorded after the relay's saved checkpoint, and when the oldest of them was recorded: what
 * waits to be published. Any process with the database can tell (readiness while Kafka is away).
 */
export async function unpublishedBacklog(pool: Pool, relay = 'events'): Promise<{ events: number; oldestRecordedAt: Date | null }> {
  const { rows } = await pool.query('SELECT checkpoint FROM relay_checkpoint WHERE relay = $1', [relay]);
  const after = (rows[0] && decodeCheckpoint(rows[0].checkpoint)) || START;
  const { rows: backlog } = await pool.query(
    `SELECT count(*)::int AS events, min(recorded_at) AS oldest FROM events WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint)`,
    [after.transactionId, after.position],
  );
  return { events: backlog[0].events, oldestRecordedAt: backlog[0].oldest };
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
