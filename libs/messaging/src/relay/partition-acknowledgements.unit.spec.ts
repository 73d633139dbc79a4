import { Partitioners } from 'kafkajs';
import type { PartitionMetadata, RecordMetadata } from 'kafkajs';
import { expectedPartitions, unacknowledgedPartitions } from './partition-acknowledgements';

const ack = (topicName: string, partition: number, errorCode = 0): RecordMetadata => ({ topicName, partition, errorCode });

describe('partition acknowledgements of a relayed page', () => {
  const keys = Array.from({ length: 40 }, (_, i) => `lot-L${i}`);
  const byTopic = new Map([
    ['t.production', keys.map((key) => ({ key, value: key }))],
    ['t.quality', [{ key: 'lot-L0', value: 'x' }]],
  ]);
  const counts = new Map([
    ['t.production', 3],
    ['t.quality', 3],
  ]);

  it('places each key where the producer partitioner places it', () => {
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: 1 })) as PartitionMetadata[];
    const expected = expectedPartitions(byTopic, counts);
    const own = new Set(keys.map((key) => partitioner({ topic: 't.production', partitionMetadata, message: { key, value: key } })));
    expect(expected.get('t.production')).toEqual(own);
    expect(own.size).toBe(3); // 40 keys over 3 partitions reach all of them
    expect(expected.get('t.quality')?.size).toBe(1);
  });

  it('finds nothing missing when every partition answered without error', () => {
    const expected = expectedPartitions(byTopic, counts);
    const quality = [...expected.get('t.quality')!][0];
    const answers = [ack('t.production', 0), ack('t.production', 1), ack('t.production', 2), ack('t.quality', quality)];
    expect(unacknowledgedPartitions(expected, answers)).toEqual([]);
  });

  it('names a partition the answer left out, as after a retry across a leader change', () => {
    const expected = expectedPartitions(byTopic, counts);
    const quality = [...expected.get('t.quality')!][0];
    const answers = [ack('t.production', 1), ack('t.production', 2), ack('t.quality', quality)];
    expect(unacknowledgedPartitions(expected, answers)).toEqual(['t.production[0]']);
  });

  it('does not count an answer that carries an error code', () => {
    const expected = expectedPartitions(byTopic, counts);
    const quality = [...expected.get('t.quality')!][0];
    const answers = [ack('t.production', 0), ack('t.production', 1), ack('t.production', 2, 6), ack('t.quality', quality)];
    expect(unacknowledgedPartitions(expected, answers)).toEqual(['t.production[2]']);
  });

  it('refuses to guess for a topic whose partition count is unknown', () => {
    expect(() => expectedPartitions(byTopic, new Map([['t.production', 3]]))).toThrow(/t\.quality/);
  });
});
