import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { RecordedEvent } from '@lotstream/event-store';
import { metrics } from '@lotstream/platform';
import { EventEnvelope, fromEnvelope } from './envelope';
import { KafkaConnection, KafkaSettings, retriable } from './kafka/kafka-connection';
import type { AppliedCheckpoint, ProjectionRunner } from './projection/projection-runner';
import type { ProjectorFeed } from './projector.module';

export interface KafkaFeedOptions {
  /** Consumer group of the projector instances (default `<clientId>-projector`). */
  groupId?: string;
  /**
   * Partitions handled at once (default: every partition of the event topics). Their chunks are
   * applied together, one transaction at a time (see apply()), so a partition never waits for the
   * transactions of the others before it.
   */
  concurrency?: number;
  /**
   * Events applied per Postgres transaction (default 2000; read models write a page with one
   * statement per table, so bigger chunks mean fewer transactions, not more work per event).
   */
  chunkSize?: number;
  /**
   * How often the applied offsets are committed to Kafka (ms, default 1000). Only lag tools and a
   * partition without a database checkpoint read them; the database checkpoint is the truth.
   */
  commitIntervalMs?: number;
  onError?: (error: unknown) => void;
  /** Called after a chunk's transaction committed, before the offsets go to Kafka (crash tests). */
  afterApply?: (source: string, nextOffset: string) => Promise<void> | void;
}

/** The checkpoint source of one topic partition in the runner's checkpoints table. */
export function kafkaSource(topic: string, partition: number): string {
  return `kafka:${topic}:${partition}`;
}

interface QueuedChunk {
  events: RecordedEvent[];
  checkpoint: AppliedCheckpoint;
  settle: (error?: unknown) => void;
}

export interface AppliedOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Feeds the projection runner from the four event topics as one consumer group. Each chunk of a
 * partition's batch is applied with its next offset as the checkpoint in ONE Postgres transaction;
 * offsets are committed to Kafka only afterwards, in the background. The database is the source of
 * truth: on every assignment the partitions are paused, moved to the stored checkpoint when there
 * is one, then resumed — so a crash between the database commit and the Kafka commit neither loses
 * nor re-applies anything (and a re-delivered event is skipped by its id anyway).
 */
export class KafkaFeed implements ProjectorFeed {
  private readonly connection: KafkaConnection;
  private readonly ownsConnection: boolean;
  private consumer: Consumer | undefined;
  /** Next offset to apply per source, as far as this member knows (never moves back). */
  private readonly known = new Map<string, bigint>();
  /** Chunks handed in by the partitions' handlers and not yet applied (see apply()). */
  private readonly queued: QueuedChunk[] = [];
  private draining = false;
  /** Offsets applied in the database and not yet committed to Kafka, per source. */
  private readonly uncommitted = new Map<string, AppliedOffset>();
  private committing: Promise<void> | undefined;
  private commitTimer: NodeJS.Timeout | undefined;
  /** Group joins so far: a commit that failed under an older assignment is not retried. */
  private joins = 0;

  constructor(
    private readonly runner: ProjectionRunner,
    settings: KafkaSettings | KafkaConnection,
    private options: KafkaFeedOptions = {},
  ) {
    const logger = new Logger('Projector');
    this.options = { onError: (error) => logger.error({ err: error }, 'Kafka feed error'), ...options };
    this.ownsConnection = !(settings instanceof KafkaConnection);
    this.connection = settings instanceof KafkaConnection ? settings : new KafkaConnection(settings);
  }

  async start(): Promise<void> {
    const topics = Object.values(this.connection.topics.events);
    await this.connection.ensureTopics(topics);
    const concurrency = this.options.concurrency ?? Math.max(1, await this.connection.partitionCount(topics));
    // A fetch while every partition is paused (just after a join, until the checkpoints are read)
    // sleeps for the whole wait time before trying again: 1 s rather than kafkajs's 5 after every
    // rebalance, for one empty fetch a second when idle. Data is returned as soon as it arrives.
    const consumer = this.connection.consumer(this.options.groupId ?? `${this.connection.settings.clientId}-projector`, { maxWaitTimeInMs: 1000 });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const assigned = Object.entries(payload.memberAssignment).map(([topic, partitions]) => ({ topic, partitions }));
      // Synchronously, before the next fetch: nothing is read until the checkpoints are applied.
      consumer.pause(assigned);
      // Offsets applied under the previous assignment: the checkpoints are committed from the database below.
      this.joins++;
      this.uncommitted.clear();
      void this.seekToCheckpoints(consumer, assigned);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.options.onError?.(payload.error));
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: concurrency,
      eachBatch: (batch) => this.handle(consumer, batch).catch((error) => Promise.reject(retriable(error))),
    });
    this.commitTimer = setInterval(() => void this.commitApplied(consumer), this.options.commitIntervalMs ?? 1000);
    this.commitTimer.unref();
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (this.commitTimer) clearInterval(this.commitTimer);
    this.commitTimer = undefined;
    if (consumer) {
      // Best effort, while still a member: the group's offsets show how far the database is.
      await this.committing;
      await this.commitApplied(consumer);
    }
    await consumer?.disconnect();
    if (this.ownsConnection) await this.connection.close();
  }

  private async seekToCheckpoints(consumer: Consumer, assigned: Array<{ topic: string; partitions: number[] }>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const stored = await this.resumePoints();
        const seeks: Array<{ topic: string; partition: number; offset: string }> = [];
        for (const { topic, partitions } of assigned) {
          for (const partition of partitions) {
            const source = kafkaSource(topic, partition);
            const value = stored[source];
            if (value === undefined) {
              this.known.delete(source);
              continue;
            }
            this.known.set(source, BigInt(value));
            consumer.seek({ topic, partition, offset: value });
            seeks.push({ topic, partition, offset: value });
          }
        }
        consumer.resume(assigned);
        // The group's offsets catch up with the database too (lag tools read them), even where
        // nothing is left to consume. Best effort: the database stays the source of truth.
        if (seeks.length > 0) await consumer.commitOffsets(seeks).catch((error) => this.options.onError?.(error));
        return;
      } catch (error) {
        this.options.onError?.(error);
        if (!this.consumer) return;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 200 * 2 ** attempt)));
      }
    }
  }

  /**
   * Where each partition resumes after an assignment: the database checkpoints (a partition without
   * one starts at the group's committed offset). Protected for the fault tests only, which build a
   * projector that trusts Kafka's offsets instead, to show the harness catching what that loses.
   */
  protected resumePoints(): Promise<Record<string, string>> {
    return this.runner.checkpoints();
  }

  /**
   * One chunk of a partition: applied with its next offset as the checkpoint, in one transaction;
   * the offset goes to Kafka later (commitApplied). Protected for the fault tests only, which commit
   * the offset first, to show the harness catching what that loses.
   */
  protected async applyChunk(consumer: Consumer, next: AppliedOffset, events: RecordedEvent[]): Promise<void> {
    await this.apply(events, { source: kafkaSource(next.topic, next.partition), value: next.offset });
  }

  private async handle(consumer: Consumer, { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const source = kafkaSource(batch.topic, batch.partition);
    const chunkSize = this.options.chunkSize ?? 2000;
    const messages = batch.messages;
    for (let start = 0; start < messages.length; start += chunkSize) {
      if (!isRunning() || isStale() || this.consumer !== consumer) return;
      const chunk = messages.slice(start, start + chunkSize);
      const last = chunk[chunk.length - 1];
      const nextOffset = (BigInt(last.offset) + 1n).toString();
      const floor = this.known.get(source);
      const fresh = floor === undefined ? chunk : chunk.filter((message) => BigInt(message.offset) >= floor);
      if (fresh.length > 0) {
        const events = fresh.map((message) => this.decode(message, batch.topic)).filter((e): e is RecordedEvent => e !== undefined);
        await this.applyChunk(consumer, { topic: batch.topic, partition: batch.partition, offset: nextOffset }, events);
        this.known.set(source, BigInt(nextOffset));
        await this.options.afterApply?.(source, nextOffset);
      }
      resolveOffset(last.offset);
      this.uncommitted.set(source, { topic: batch.topic, partition: batch.partition, offset: nextOffset });
      await heartbeat();
    }
  }

  /**
   * Applies one partition's chunk. The handlers of the partitions of one fetch all get here within
   * one turn of the event loop, and chunks handed in while a transaction runs wait for the next:
   * each transaction takes every chunk waiting (up to chunkSize events). So an event waits for at
   * most one transaction before its own, whatever the number of partitions, the server commits
   * once per round rather than once per partition, and this member's transactions never contend
   * with each other for rows.
   */
  private apply(events: RecordedEvent[], checkpoint: AppliedCheckpoint): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ events, checkpoint, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      await new Promise((resolve) => setImmediate(resolve));
      while (this.queued.length > 0) {
        const chunkSize = this.options.chunkSize ?? 2000;
        let events = this.queued[0].events.length;
        let take = 1;
        while (take < this.queued.length && events + this.queued[take].events.length <= chunkSize) events += this.queued[take++].events.length;
        await this.applyTogether(this.queued.splice(0, take));
      }
    } finally {
      this.draining = false;
    }
  }

  private async applyTogether(chunks: QueuedChunk[]): Promise<void> {
    try {
      const applied = await this.runner.apply(
        chunks.flatMap((chunk) => chunk.events),
        chunks.map((chunk) => chunk.checkpoint),
      );
      metrics.projectorApplied.inc(applied);
      for (const chunk of chunks) chunk.settle();
    } catch (error) {
      if (chunks.length === 1) return chunks[0].settle(error);
      // One partition that cannot be applied (a database error on its events) must not hold the
      // others back: alone, each chunk fails or succeeds on its own.
      for (const chunk of chunks) await this.applyTogether([chunk]);
    }
  }

  /**
   * Commits the offsets applied since the last commit, one request at a time; those of a failed
   * request are tried again at the next tick unless a newer one or a new assignment replaced them.
   */
  private commitApplied(consumer: Consumer): Promise<void> {
    if (this.committing || this.uncommitted.size === 0) return this.committing ?? Promise.resolve();
    const offsets = [...this.uncommitted.values()];
    const joins = this.joins;
    this.uncommitted.clear();
    this.committing = consumer
      .commitOffsets(offsets)
      .catch((error) => {
        if (this.joins !== joins) return;
        for (const offset of offsets) {
          const source = kafkaSource(offset.topic, offset.partition);
          if (!this.uncommitted.has(source)) this.uncommitted.set(source, offset);
        }
        if (this.consumer === consumer) this.options.onError?.(error);
      })
      .finally(() => (this.committing = undefined));
    return this.committing;
  }

  private decode(message: KafkaMessage, topic: string): RecordedEvent | undefined {
    try {
      const envelope = JSON.parse(message.value?.toString() ?? '') as EventEnvelope;
      if (!envelope || typeof envelope.eventId !== 'string' || typeof envelope.streamId !== 'string') throw new Error('not an event envelope');
      return fromEnvelope(envelope);
    } catch (error) {
      // Only the relay writes these topics; a foreign message cannot be an event of the store.
      this.options.onError?.(new Error(`skipped unreadable message ${topic}@${message.offset}: ${(error as Error).message}`));
      return undefined;
    }
  }
}
