import { Partitioners } from 'kafkajs';
import type { Message, PartitionMetadata, RecordMetadata } from 'kafkajs';

/**
 * Which topic-partitions a page must be acknowledged on, and whether the broker answer covers them.
 *
 * The client library's batch send remembers answers per broker, not per partition: when a retry
 * follows a leader change and the partition's new leader had already answered for its own
 * partitions, the partition's messages are not sent again and the send still resolves. Seen in the
 * chaos run (scenario 2, a leader cut off): two events stored, checkpointed, on no topic. The relay
 * therefore checks that every partition its page maps to was acknowledged, and re-sends the page
 * from its checkpoint when one was not (consumers dedupe on the event id).
 */
export type TopicPartitionCounts = ReadonlyMap<string, number>;

const partitioner = Partitioners.DefaultPartitioner();

/** The partitions each topic's messages go to, as the producer's own partitioner places them. */
export function expectedPartitions(byTopic: ReadonlyMap<string, readonly Message[]>, counts: TopicPartitionCounts): Map<string, Set<number>> {
  const expected = new Map<string, Set<number>>();
  for (const [topic, messages] of byTopic) {
    const count = counts.get(topic);
    if (!count) throw new Error(`no partition count known for topic ${topic}`);
    const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [],
      isr: [],
    })) as PartitionMetadata[];
    const partitions = new Set<number>();
    for (const message of messages) partitions.add(partitioner({ topic, partitionMetadata, message }));
    expected.set(topic, partitions);
  }
  return expected;
}

/** Topic-partitions of `expected` with no error-free acknowledgement in `acknowledged`, as `topic[p]`. */
export function unacknowledgedPartitions(expected: ReadonlyMap<string, ReadonlySet<number>>, acknowledged: readonly RecordMetadata[]): string[] {
  const ok = new Set(acknowledged.filter((r) => r.errorCode === 0).map((r) => `${r.topicName}[${r.partition}]`));
  const missing: string[] = [];
  for (const [topic, partitions] of expected) {
    for (const partition of partitions) if (!ok.has(`${topic}[${partition}]`)) missing.push(`${topic}[${partition}]`);
  }
  return missing;
}
