import { randomBytes } from 'node:crypto';
import { ConfigResourceTypes } from 'kafkajs';
import { loadConfig } from '@lotstream/platform';
import { describeWithKafka, testKafkaBrokers } from '@lotstream/testing';
import { KafkaConnection, kafkaSettingsOf } from './kafka-connection';

jest.setTimeout(120000);

/** KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS reach the topics the service creates. */
describeWithKafka('topic replication settings from the environment', () => {
  const connections: KafkaConnection[] = [];
  const connect = (env: Record<string, string>): KafkaConnection => {
    const config = loadConfig({ KAFKA_BROKERS: testKafkaBrokers()!.join(','), KAFKA_TOPIC_PREFIX: `t${randomBytes(4).toString('hex')}.`, ...env });
    const connection = new KafkaConnection(kafkaSettingsOf(config)!);
    connections.push(connection);
    return connection;
  };

  afterAll(async () => {
    for (const connection of connections) {
      const admin = connection.kafka.admin();
      await admin.connect();
      const existing = new Set(await admin.listTopics());
      const mine = connection.allTopics().filter((topic) => existing.has(topic));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
      await admin.disconnect();
      await connection.close();
    }
  });

  it('creates the topics with the min.insync.replicas asked for', async () => {
    const connection = connect({ KAFKA_REPLICATION_FACTOR: '1', KAFKA_MIN_INSYNC_REPLICAS: '1' });
    const topic = connection.topics.events.production;
    await connection.ensureTopics([topic]);
    const admin = connection.kafka.admin();
    await admin.connect();
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }],
    });
    await admin.disconnect();
    const entry = described.resources[0].configEntries.find((e) => e.configName === 'min.insync.replicas');
    expect(entry).toMatchObject({ configValue: '1', isDefault: false });
  });

  it('asks the broker for the replication factor: more copies than brokers is refused, and nothing is created', async () => {
    const connection = connect({ KAFKA_REPLICATION_FACTOR: '16' });
    const topic = connection.topics.events.quality;
    await expect(connection.ensureTopics([topic])).rejects.toBeDefined();
    const admin = connection.kafka.admin();
    await admin.connect();
    const topics = await admin.listTopics();
    await admin.disconnect();
    expect(topics).not.toContain(topic);
  });

  it('rejects a min.insync.replicas above the replication factor at start', () => {
    expect(() => loadConfig({ KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '3' })).toThrow(/KAFKA_MIN_INSYNC_REPLICAS \(3\) may not exceed/);
    expect(() => loadConfig({ KAFKA_REPLICATION_FACTOR: 'three' })).toThrow(/KAFKA_REPLICATION_FACTOR must be an integer/);
  });
});
