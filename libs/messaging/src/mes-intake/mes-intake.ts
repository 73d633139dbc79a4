import type { Consumer, EachBatchPayload, IHeaders, Message, Producer } from 'kafkajs';
import { headerText, KafkaConnection, retriable } from '../kafka/kafka-connection';
import type { TopicNames } from '../topics';
import {
  API_KEY_HEADER,
  ERROR_AT_HEADER,
  ERROR_REASON_HEADER,
  handleMesMessage,
  IncomingMesMessage,
  MesIntakeDeps,
  MesOutcome,
  MesResult,
} from './mes-command';

/** What one message of an intake topic gets: a result (produced on mes.results under `key`) or a dead letter. */
export type IntakeOutcome = { kind: 'result'; key: string | null; value: unknown } | { kind: 'dead-letter'; reason: string };

/**
 * One intake topic and how its messages are handled: the JSON commands (the default) or another
 * MES language (B2MML) that answers on the same results topic.
 */
export interface MesSource {
  topic(topics: TopicNames): string;
  handle(message: IncomingMesMessage): Promise<IntakeOutcome>;
  /** The result of a message whose handling failed every try (nothing recorded; send again). */
  internalError(message: IncomingMesMessage): { key: string | null; value: unknown };
}

export interface MesIntakeOptions {
  /** The topic and handler (default: JSON commands on `<prefix>mes.commands`). */
  source?: (deps: MesIntakeDeps) => MesSource;
  /** Consumer group suffix (default `mes-intake`). */
  groupSuffix?: string;
  groupId?: string;
  /** Messages handled before their results are produced and their offsets committed (default 100). */
  chunkSize?: number;
  /**
   * Tries of one message whose handling fails (database unreachable, a fault) before it is answered
   * with a 500 result — so one bad message cannot stall its partition; the MES may send it again
   * with the same idempotency key (default 5, about 6 s of backoff).
   */
  maxAttempts?: number;
  clock?: () => Date;
  onError?: (error: unknown) => void;
}

/**
 * MES commands over Kafka: consumes `<prefix>mes.commands` (in order per partition), runs each
 * command through the same dispatcher as /v1/batch, produces one result per command on
 * `<prefix>mes.results` (dead letters on `<prefix>mes.dead-letter`) and commits the offsets only
 * after the broker acknowledged those. A crash in between redelivers; the idempotency key makes the
 * dispatcher answer the stored response instead of appending again.
 */
export class MesIntake {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  /** False once the consumer crashed for good (reported by readiness). */
  consuming = false;

  private readonly source: MesSource;

  constructor(
    private readonly kafka: KafkaConnection,
    deps: MesIntakeDeps,
    private readonly options: MesIntakeOptions = {},
  ) {
    this.source = options.source?.(deps) ?? commandSource(deps);
  }

  async start(): Promise<void> {
    const { mesResults, mesDeadLetter } = this.kafka.topics;
    const sourceTopic = this.source.topic(this.kafka.topics);
    await this.kafka.ensureTopics([sourceTopic, mesResults, mesDeadLetter]);
    this.producer = this.kafka.producer();
    await this.producer.connect();
    const consumer = this.kafka.consumer(this.options.groupId ?? `${this.kafka.settings.clientId}-${this.options.groupSuffix ?? 'mes-intake'}`);
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.consuming = payload.restart;
      this.options.onError?.(payload.error);
    });
    consumer.on(consumer.events.GROUP_JOIN, () => (this.consuming = true));
    await consumer.connect();
    await consumer.subscribe({ topics: [sourceTopic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (batch) => this.handle(consumer, batch).catch((error) => Promise.reject(retriable(error))),
    });
    this.consuming = true;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consuming = false;
    this.consumer = undefined;
    this.producer = undefined;
  }

  private async handle(consumer: Consumer, { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const chunkSize = this.options.chunkSize ?? 100;
    const clock = this.options.clock ?? (() => new Date());
    for (let start = 0; start < batch.messages.length; start += chunkSize) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + chunkSize);
      const results: Message[] = [];
      const deadLetters: Message[] = [];
      for (const message of chunk) {
        const headers = textHeaders(message.headers);
        const outcome = await this.attempt(
          { value: message.value, headers, coordinates: `kafka:${batch.topic}:${batch.partition}:${message.offset}` },
          heartbeat,
          isRunning,
        );
        if (outcome.kind === 'result') {
          results.push({ key: outcome.key ?? message.key, value: JSON.stringify(outcome.value) });
        } else {
          const { [API_KEY_HEADER]: _secret, ...kept } = message.headers ?? {}; // never copy a key elsewhere
          deadLetters.push({
            key: message.key,
            value: message.value,
            headers: {
              ...kept,
              [ERROR_REASON_HEADER]: outcome.reason,
              [ERROR_AT_HEADER]: clock().toISOString(),
              'original-topic': batch.topic,
              'original-partition': String(batch.partition),
              'original-offset': message.offset,
            },
          });
        }
      }
      const topicMessages = [
        ...(results.length > 0 ? [{ topic: this.kafka.topics.mesResults, messages: results }] : []),
        ...(deadLetters.length > 0 ? [{ topic: this.kafka.topics.mesDeadLetter, messages: deadLetters }] : []),
      ];
      if (topicMessages.length > 0) await this.producer!.sendBatch({ acks: -1, topicMessages });
      const last = chunk[chunk.length - 1].offset;
      resolveOffset(last);
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
      await heartbeat();
    }
  }

  private async attempt(message: IncomingMesMessage, heartbeat: () => Promise<void>, isRunning: () => boolean): Promise<IntakeOutcome> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.source.handle(message);
      } catch (error) {
        this.options.onError?.(error);
        // Stopping: leave the message uncommitted; it is redelivered to whoever consumes next.
        if (!isRunning()) throw error;
        if (attempt >= maxAttempts) return { kind: 'result', ...this.source.internalError(message) };
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
        await heartbeat();
      }
    }
  }
}

/** JSON commands on `<prefix>mes.commands`, results keyed by idempotency key. */
function commandSource(deps: MesIntakeDeps): MesSource {
  return {
    topic: (topics) => topics.mesCommands,
    handle: async (message) => {
      const outcome: MesOutcome = await handleMesMessage(message, deps);
      return outcome.kind === 'result' ? { kind: 'result', key: outcome.result.idempotencyKey, value: outcome.result } : outcome;
    },
    internalError: (message) => {
      const result = internalError(message);
      return { key: result.idempotencyKey, value: result };
    },
  };
}

function internalError(message: IncomingMesMessage): MesResult {
  let idempotencyKey: string | null = null;
  try {
    const key = JSON.parse(message.value?.toString('utf8') ?? '').idempotencyKey;
    if (typeof key === 'string') idempotencyKey = key;
  } catch {
    // handleMesMessage parsed it before failing; nothing else to learn here
  }
  const status = 500;
  return {
    idempotencyKey,
    status,
    problem: {
      type: 'https://lotstream.dev/problems/internal',
      title: 'Internal Server Error',
      status,
      detail: 'The command could not be processed; nothing was recorded for it. Send it again with the same idempotency key.',
    },
  };
}

function textHeaders(headers: IHeaders | undefined): Record<string, string | undefined> {
  const text: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) text[name.toLowerCase()] = headerText(value);
  return text;
}
