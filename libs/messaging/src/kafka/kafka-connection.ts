import { Logger } from '@nestjs/common';
import { Admin, Consumer, ConsumerConfig, Kafka, logCreator, logLevel, Partitioners, Producer } from 'kafkajs';
import type { LotstreamConfig } from '@lotstream/platform';
import { TopicNames, topicNames } from '../topics';

/** How to reach the brokers; derived from the configuration (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, KAFKA_CLIENT_ID). */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
  /** Partitions of every topic the service creates (default 3). */
  partitions?: number;
  /** Replication factor of the topics it creates (unset: the broker's default.replication.factor). */
  replicationFactor?: number;
  /** min.insync.replicas of the topics it creates (unset: the broker's default). */
  minInsyncReplicas?: number;
}

export function kafkaSettingsOf(config: LotstreamConfig): KafkaSettings | undefined {
  if (!config.kafkaBrokers || config.kafkaBrokers.length === 0) return undefined;
  return {
    brokers: config.kafkaBrokers,
    clientId: config.kafkaClientId,
    topicPrefix: config.kafkaTopicPrefix,
    replicationFactor: config.kafkaReplicationFactor,
    minInsyncReplicas: config.kafkaMinInsyncReplicas,
  };
}

const KAFKA_LOG_LEVEL: Record<string, logLevel> = {
  debug: logLevel.DEBUG,
  info: logLevel.INFO,
  warn: logLevel.WARN,
  error: logLevel.ERROR,
  nothing: logLevel.NOTHING,
};

/**
 * The only door to the Kafka client library (kafkajs): every producer, consumer and admin of the
 * product comes from here, so a change of client is this module.
 */
export class KafkaConnection {
  readonly kafka: Kafka;
  readonly topics: TopicNames;
  private admin: Admin | undefined;
  private adminConnecting: Promise<Admin> | undefined;

  constructor(readonly settings: KafkaSettings) {
    this.kafka = new Kafka({
      clientId: settings.clientId,
      brokers: settings.brokers,
      connectionTimeout: 3000,
      requestTimeout: 30000,
      logLevel: KAFKA_LOG_LEVEL[process.env.KAFKA_LOG_LEVEL ?? 'warn'] ?? logLevel.WARN,
      logCreator: nestLogCreator,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
    });
    this.topics = topicNames(settings.topicPrefix);
  }

  /**
   * An idempotent producer that waits for every in-sync replica (acks = all) with one request in
   * flight per broker: retries can neither duplicate nor reorder a partition's messages.
   */
  producer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // Retries are bounded (the client's): a page that still fails is re-sent by a fresh producer
      // from the relay's checkpoint, which may duplicate — consumers dedupe on the event id.
    });
  }

  /** A group member; offsets are committed by the caller (run with `autoCommit: false`). */
  consumer(groupId: string, overrides: Partial<ConsumerConfig> = {}): Consumer {
    return this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30000,
      heartbeatInterval: 3000,
      ...overrides,
    });
  }

  /** The event topics (one per context) and the MES topics. */
  allTopics(): string[] {
    return [...Object.values(this.topics.events), this.topics.mesCommands, this.topics.mesResults, this.topics.mesDeadLetter, this.topics.mesB2mml];
  }

  /** Creates the product's topics that do not exist yet (idempotent; several processes may race). */
  async ensureTopics(topics: string[] = this.allTopics()): Promise<string[]> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return [];
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.settings.partitions ?? 3,
          ...(this.settings.replicationFactor !== undefined ? { replicationFactor: this.settings.replicationFactor } : {}),
          ...(this.settings.minInsyncReplicas !== undefined
            ? { configEntries: [{ name: 'min.insync.replicas', value: String(this.settings.minInsyncReplicas) }] }
            : {}),
        })),
      });
    } catch (error) {
      // Another process created some of them between the listing and the creation.
      const failures = (error as { errors?: Array<{ type?: string }> }).errors ?? [error as { type?: string }];
      if (!failures.every((failure) => failure.type === 'TOPIC_ALREADY_EXISTS')) throw error;
    }
    return missing;
  }

  /** Partitions of the topics together: how many one member of a group reading them all may be given. */
  async partitionCount(topics: string[]): Promise<number> {
    const admin = await this.connectedAdmin();
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    return metadata.reduce((sum, topic) => sum + topic.partitions.length, 0);
  }

  /** Partitions of each topic, by name. */
  async partitionCounts(topics: string[]): Promise<Map<string, number>> {
    const admin = await this.connectedAdmin();
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    return new Map(metadata.map((topic) => [topic.name, topic.partitions.length]));
  }

  /** Readiness: the cluster answers a metadata request within the timeout. */
  async check(timeoutMs = 3000): Promise<{ ok: boolean; brokers: number; controller: number | null }> {
    const admin = await withTimeout(this.connectedAdmin(), timeoutMs, 'Kafka did not answer');
    const cluster = await withTimeout(admin.describeCluster(), timeoutMs, 'Kafka did not answer');
    return { ok: cluster.brokers.length > 0, brokers: cluster.brokers.length, controller: cluster.controller };
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    this.adminConnecting = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  private connectedAdmin(): Promise<Admin> {
    if (this.admin) return Promise.resolve(this.admin);
    if (!this.adminConnecting) {
      const admin = this.kafka.admin();
      this.adminConnecting = admin.connect().then(
        () => {
          this.admin = admin;
          return admin;
        },
        (error) => {
          this.adminConnecting = undefined;
          throw error;
        },
      );
    }
    return this.adminConnecting;
  }
}

/** kafkajs logs through Nest's logger (JSON lines in the apps), under the `kafka` context. */
const nestLogCreator: logCreator = () => {
  const logger = new Logger('Kafka');
  return ({ level, log }) => {
    const { message, ...extra } = log;
    // Bounded retries are deliberate (see producer()); kafkajs warns about them at every connect.
    if (message.startsWith('Limiting retries for the idempotent producer')) return;
    const line = { ...extra, msg: message };
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
    else if (level === logLevel.INFO) logger.log(line);
    else logger.debug(line);
  };
};

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
    }),
  ]);
}

/** kafkajs header values arrive as Buffers (or arrays of them); read one as text. */
export function headerText(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/**
 * kafkajs restarts a crashed consumer only for retriable errors: an error of ours (a database
 * outage, a bug in a read model) would otherwise stop consumption for good. Wrapped, the batch is
 * retried with backoff and the consumer restarted after the retries, from the last commit.
 */
export function retriable(error: unknown): Error {
  const wrapped = new Error((error as Error)?.message ?? String(error)) as Error & { retriable: boolean; original: unknown };
  wrapped.name = 'LotstreamRetriableError';
  wrapped.retriable = true;
  wrapped.original = error;
  wrapped.stack = (error as Error)?.stack ?? wrapped.stack;
  return wrapped;
}
