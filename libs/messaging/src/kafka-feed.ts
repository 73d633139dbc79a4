import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { RecordedEvent } from '@lotstream/event-store';
import { metrics } from '@lotstream/platform';
import { EventEnvelope, fromEnvelope } from './envelope';
import { KafkaConnection, KafkaSettings, retriable } from './kafka/kafka-connection';
import type { ProjectionRunner } from './projection-runner';
import type { ProjectorFeed } from './projector.module';

export interface KafkaFeedOptions {
  /** Consumer group of the projector instances (default `<clientId>-projector`). */
  groupId?: string;
  /**
   * Partitions applied in parallel (default 1: read models shared by several streams, e.g. SPC
   * per part, would otherwise contend on the same rows from concurrent transactions).
   */
  concurrency?: number;
  /**
   * Events applied per Postgres transaction (default 2000; read models write a page with one
   * statement per table, so bigger chunks mean fewer transactions, not more work per event).
   */
  chunkSize?: number;
  onError?: (error: unknown) => void;
  /** Called after a chunk's transaction committed, before the offsets go to Kafka (crash tests). */
  afterApply?: (source: string, nextOffset: string) => Promise<void> | void;
}

/** The checkpoint source of one topic partition in the runner's checkpoints table. */
export function kafkaSource(topic: string, partition: number): string {
  return `kafka:${topic}:${partition}`;
}

/**
 * Feeds the projection runner from the four event topics as one consumer group. Each chunk of a
 * partition's batch is applied with its next offset as the checkpoint in ONE Postgres transaction;
 * offsets are committed to Kafka only afterwards. The database is the source of truth: on every
 * assignment the partitions are paused, moved to the stored checkpoint when there is one, then
 * resumed — so a crash between the database commit and the Kafka commit neither loses nor
 * re-applies anything (and a re-delivered event is skipped by its id anyway).
 */
export class KafkaFeed implements ProjectorFeed {
  private readonly connection: KafkaConnection;
  private readonly ownsConnection: boolean;
  private consumer: Consumer | undefined;
  /** Next offset to apply per source, as far as this member knows (never moves back). */
  private readonly known = new Map<string, bigint>();

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
    const consumer = this.connection.consumer(this.options.groupId ?? `${this.connection.settings.clientId}-projector`);
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const assigned = Object.entries(payload.memberAssignment).map(([topic, partitions]) => ({ topic, partitions }));
      // Synchronously, before the next fetch: nothing is read until the checkpoints are applied.
      consumer.pause(assigned);
      void this.seekToCheckpoints(consumer, assigned);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.options.onError?.(payload.error));
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.concurrency ?? 1,
      eachBatch: (batch) => this.handle(consumer, batch).catch((error) => Promise.reject(retriable(error))),
    });
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
    if (this.ownsConnection) await this.connection.close();
  }

  private async seekToCheckpoints(consumer: Consumer, assigned: Array<{ topic: string; partitions: number[] }>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const stored = await this.runner.checkpoints();
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

  private async handle(consumer: Consumer, { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    void commitOffsetsIfNecessary; // auto-commit is off: offsets are committed below, after the database
    const source = kafkaSource(batch.topic, batch.partition);
    const chunkSize = this.options.chunkSize ?? 2000;
    const messages = batch.messages;
    for (let start = 0; start < messages.length; start += chunkSize) {
      if (!isRunning() || isStale()) return;
      const chunk = messages.slice(start, start + chunkSize);
      const last = chunk[chunk.length - 1];
      const nextOffset = (BigInt(last.offset) + 1n).toString();
      const floor = this.known.get(source);
      const fresh = floor === undefined ? chunk : chunk.filter((message) => BigInt(message.offset) >= floor);
      if (fresh.length > 0) {
        const events = fresh.map((message) => this.decode(message, batch.topic)).filter((e): e is RecordedEvent => e !== undefined);
        const applied = await this.runner.apply(events, { source, value: nextOffset });
        metrics.projectorApplied.inc(applied);
        this.known.set(source, BigInt(nextOffset));
        await this.options.afterApply?.(source, nextOffset);
      }
      resolveOffset(last.offset);
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: nextOffset }]);
      await heartbeat();
    }
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
