import { randomBytes } from 'node:crypto';
import type { RecordedEvent } from '@lotstream/event-store';
import { describeWithKafka, issueTestKey, startTestApp, TestApp, waitFor } from '@lotstream/testing';
import { headerText, KafkaConnection } from '../kafka/kafka-connection';
import { topicOf } from '../topics';
import type { MesResult } from './mes-command';

jest.setTimeout(180000);

const commands = [
  {
    type: 'RegisterEquipment',
    idempotencyKey: 'mes-1',
    payload: { equipmentId: 'LATHE-07', kind: 'machine', description: 'CNC lathe', siteId: 'SITE-A', calibrationIntervalDays: 365 },
  },
  {
    type: 'RegisterLot',
    idempotencyKey: 'mes-2',
    payload: { lotNumber: 'L-1', partNumber: 'PN-1', partRevision: 'C', quantity: 500, unit: 'pcs', siteId: 'SITE-A' },
  },
  {
    type: 'RecordProductionStep',
    idempotencyKey: 'mes-3',
    payload: {
      lotNumber: 'L-1',
      stepId: 'OP10',
      operation: 'turning',
      sequence: 1,
      workCenter: 'WC-1',
      equipmentIds: ['LATHE-07'],
      operatorId: 'OPR-1',
      sopRevision: 'SOP-12 rev D',
      startedAt: '2026-11-25T08:30:00Z',
      completedAt: '2026-11-25T09:10:00Z',
      quantityIn: 500,
      quantityGood: 497,
      quantityScrapped: 3,
    },
  },
  {
    type: 'RegisterLot',
    idempotencyKey: 'mes-4',
    payload: { lotNumber: 'L-2', partNumber: 'PN-1', partRevision: 'C', quantity: -1, unit: 'pcs', siteId: 'SITE-A' },
  },
];

/** What the events say, without what differs between two stores (ids, times, hashes, positions). */
function facts(events: RecordedEvent[]) {
  return events
    .filter((e) => topicOf(e.type, e.streamCategory))
    .map((e) => ({ streamId: e.streamId, streamVersion: e.streamVersion, type: e.type, data: e.data, idempotencyKey: e.metadata.idempotencyKey }))
    .sort((a, b) => a.streamId.localeCompare(b.streamId) || a.streamVersion - b.streamVersion);
}

/** By stream, not in safe order: an open transaction anywhere on the test server would hold that back. */
async function allEvents(app: TestApp): Promise<RecordedEvent[]> {
  const streams = await Promise.all(['equipment-LATHE-07', 'lot-L-1', 'lot-L-2'].map((streamId) => app.db.store.readStream(streamId)));
  return streams.flat();
}

describeWithKafka('MES commands over Kafka', () => {
  let kafkaApp: TestApp;
  let httpApp: TestApp;
  let kafka: KafkaConnection;

  beforeAll(async () => {
    [kafkaApp, httpApp] = await Promise.all([startTestApp({ kafka: true }), startTestApp()]);
    kafka = new KafkaConnection({ brokers: kafkaApp.config.kafkaBrokers!, clientId: 'mes-test', topicPrefix: kafkaApp.config.kafkaTopicPrefix });
  });

  afterAll(async () => {
    await Promise.all([kafkaApp?.close(), httpApp?.close()]);
    const admin = kafka.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: kafka.allTopics() }).catch(() => undefined);
    await admin.disconnect();
    await kafka.close();
  });

  it('reports Kafka, the relay and the intake in /health/ready, and serves the AsyncAPI document', async () => {
    const ready = await waitFor(
      async () => (await fetch(`${kafkaApp.baseUrl}/health/ready`)).json() as Promise<Record<string, any>>,
      (body) => body.relay?.state === 'active' && body.mesIntake?.ok === true,
      { what: 'ready' },
    );
    expect(ready).toMatchObject({ status: 'ok', kafka: { ok: true, brokers: 1 }, projector: { ok: true, transport: 'kafka' } });
    const asyncApi = await fetch(`${kafkaApp.baseUrl}/docs/asyncapi.json`);
    expect(asyncApi.status).toBe(200);
    const document = (await asyncApi.json()) as Record<string, any>;
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.channels.mesCommands.address).toBe(kafka.topics.mesCommands);
  });

  it('gives the same events as over HTTP, one result per command (a duplicate appends once), and one dead letter', async () => {
    const key = await issueTestKey(kafkaApp.baseUrl, 'integration', ['SITE-A']);
    const producer = kafka.producer();
    await producer.connect();
    const keyed = (value: unknown, headers: Record<string, string> = { 'api-key': key.apiKey }) => ({
      key: 'line-1',
      value: typeof value === 'string' ? value : JSON.stringify(value),
      headers,
    });
    await producer.send({
      topic: kafka.topics.mesCommands,
      messages: [
        ...commands.map((command) => keyed(command)),
        keyed(commands[1]), // the same command again (a redelivery, or an MES retry)
        keyed('{"type": "RegisterLot", '), // cannot be parsed at all
        keyed({ ...commands[0], idempotencyKey: 'mes-5' }, {}), // no api-key header, no integration identity here
      ],
    });
    await producer.disconnect();

    const results: Array<{ key: string; result: MesResult }> = [];
    const deadLetters: Array<{ value: string; headers: Record<string, string | undefined> }> = [];
    const consumer = kafka.consumer(`mes-test-${randomBytes(4).toString('hex')}`);
    await consumer.connect();
    await consumer.subscribe({ topics: [kafka.topics.mesResults, kafka.topics.mesDeadLetter], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (topic === kafka.topics.mesResults) results.push({ key: message.key!.toString(), result: JSON.parse(message.value!.toString()) });
        else
          deadLetters.push({
            value: message.value!.toString(),
            headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, headerText(value)])),
          });
      },
    });
    try {
      await waitFor(
        () => results.length + deadLetters.length,
        (n) => n >= 7,
        { timeoutMs: 60000, what: 'results and dead letters' },
      );
    } finally {
      await consumer.disconnect();
    }

    // Results are keyed by idempotency key, so they spread over partitions: compare them sorted.
    expect(results.map((r) => [r.key, r.result.idempotencyKey, r.result.status]).sort()).toEqual([
      ['mes-1', 'mes-1', 201],
      ['mes-2', 'mes-2', 201],
      ['mes-2', 'mes-2', 201],
      ['mes-3', 'mes-3', 201],
      ['mes-4', 'mes-4', 400],
      ['mes-5', 'mes-5', 401],
    ]);
    const [original, duplicate] = results.filter((r) => r.key === 'mes-2').map((r) => r.result);
    expect(duplicate).toEqual(original); // the original answer, nothing appended
    expect(original).toMatchObject({ streamId: 'lot-L-1', streamVersion: 1 });
    expect(results.find((r) => r.key === 'mes-4')!.result.problem).toMatchObject({ status: 400 });
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0].value).toBe('{"type": "RegisterLot", ');
    expect(deadLetters[0].headers['error-reason']).toBe('value is not JSON');
    expect(new Date(deadLetters[0].headers['error-at']!).toString()).not.toBe('Invalid Date');
    expect(deadLetters[0].headers['api-key']).toBeUndefined();

    // The same commands over HTTP (/v1/batch) on a store of its own record the same facts.
    const httpKey = await issueTestKey(httpApp.baseUrl, 'integration', ['SITE-A']);
    const reply = await fetch(`${httpApp.baseUrl}/v1/batch`, {
      method: 'POST',
      headers: { ...httpKey.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ commands: [...commands, commands[1]] }),
    });
    expect(reply.status).toBe(200);
    const overHttp = facts(await allEvents(httpApp));
    const overKafka = facts(await allEvents(kafkaApp));
    expect(overKafka).toHaveLength(3);
    expect(overKafka).toEqual(overHttp);
  });
});
