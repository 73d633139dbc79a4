import { randomBytes } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { KafkaConnection, type KafkaSettings } from '@lotstream/messaging';
import type { ObservedVersion } from './invariants';

/**
 * A consumer of the event topics in a group of its own, from the beginning of each topic: records
 * every message's stream and version as received, duplicates included, for checkStreamOrder(). It
 * commits no offsets (a restarted observer reads everything again), so it never moves the
 * projectors' group.
 */
export class TopicObserver {
  readonly observed: ObservedVersion[] = [];
  /** Messages that were not event envelopes (none expected: only the relay writes these topics). */
  unreadable = 0;
  private consumer: Consumer | undefined;
  private readonly connection: KafkaConnection;
  private readonly ownsConnection: boolean;
  readonly groupId: string;

  constructor(settings: KafkaSettings | KafkaConnection, groupId?: string) {
    this.ownsConnection = !(settings instanceof KafkaConnection);
    this.connection = settings instanceof KafkaConnection ? settings : new KafkaConnection(settings);
    this.groupId = groupId ?? `lotstream-chaos-observer-${randomBytes(4).toString('hex')}`;
  }

  /** The topic name of each context, for checkInvariants({ eventTopics }). */
  get eventTopics(): Record<string, string> {
    return { ...this.connection.topics.events };
  }

  /** Resolves once the consumer runs (its partitions may be assigned a moment later). */
  async start(): Promise<void> {
    const topics = Object.values(this.connection.topics.events);
    await this.connection.ensureTopics(topics);
    const consumer = this.connection.consumer(this.groupId, { maxWaitTimeInMs: 500 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        try {
          const envelope = JSON.parse(message.value?.toString() ?? '');
          if (typeof envelope?.eventId !== 'string' || typeof envelope.streamId !== 'string' || typeof envelope.streamVersion !== 'number') {
            throw new Error('not an event envelope');
          }
          this.observed.push({
            topic,
            partition,
            offset: message.offset,
            streamId: envelope.streamId,
            streamVersion: envelope.streamVersion,
            eventId: envelope.eventId,
          });
        } catch {
          this.unreadable++;
        }
      },
    });
  }

  /** Distinct event ids received so far. */
  distinct(): number {
    return new Set(this.observed.map((o) => o.eventId)).size;
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
    if (consumer) {
      // Its group holds nothing worth keeping (best effort: a broker may be down).
      const admin = this.connection.kafka.admin();
      await admin
        .connect()
        .then(() => admin.deleteGroups([this.groupId]))
        .catch(() => undefined)
        .finally(() => admin.disconnect().catch(() => undefined));
    }
    if (this.ownsConnection) await this.connection.close();
  }
}
