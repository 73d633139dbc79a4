import { randomBytes } from 'node:crypto';
import { ConfigResourceTypes, type KafkaMessage } from 'kafkajs';
import { KafkaConnection } from '@lotstream/messaging';
import { describeWithKafka, issueTestKey, startTestApp, TEST_ADMIN_KEY, TestApp, waitFor } from '@lotstream/testing';

jest.setTimeout(180000);

// A SyncMaterialLot BOD (Schema/B2MML-V0600-Material.xsd, SyncMaterialLotType and MaterialLotType;
// Quantity: QuantityValueType in Schema/B2MML-V0600-Common.xsd) on the B2MML topic.
const BOD = `<?xml version="1.0" encoding="UTF-8"?>
<SyncMaterialLot xmlns="http://www.mesa.org/xml/B2MML-V0600" releaseID="1">
  <ApplicationArea><Sender><LogicalID>MES-K</LogicalID></Sender><BODID>bod-kafka-1</BODID></ApplicationArea>
  <DataArea><Sync/>
    <MaterialLot><ID>M-K1</ID><MaterialDefinitionID>RM-1</MaterialDefinitionID><Quantity><QuantityString>10</QuantityString><UnitOfMeasure>kg</UnitOfMeasure></Quantity></MaterialLot>
    <MaterialLot><ID>M-K2</ID><MaterialDefinitionID>RM-1</MaterialDefinitionID></MaterialLot>
  </DataArea>
</SyncMaterialLot>`;

describeWithKafka('B2MML over Kafka', () => {
  let app: TestApp;
  let kafka: KafkaConnection;

  beforeAll(async () => {
    app = await startTestApp({ kafka: true });
    kafka = new KafkaConnection({ brokers: app.config.kafkaBrokers!, clientId: 'b2mml-test', topicPrefix: app.config.kafkaTopicPrefix });
  });

  afterAll(async () => {
    await app?.close();
    const admin = kafka.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: kafka.allTopics() }).catch(() => undefined);
    await admin.disconnect();
    await kafka.close();
  });

  /** Configures the sender MES-K (201), issues it an integration key and waits for the B2MML intake to be ready. */
  async function readySender() {
    const configured = await fetch(`${app.baseUrl}/v1/integrations/b2mml/senders/MES-K`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ siteId: 'SITE-A', defaults: { partRevision: 'A' }, productionLot: 'ProducedMaterialLot' }),
    });
    expect(configured.status).toBe(201);
    const key = await issueTestKey(app.baseUrl, 'integration', ['SITE-A']);
    await waitFor(
      async () => (await fetch(`${app.baseUrl}/health/ready`)).json() as Promise<Record<string, any>>,
      (body) => body.b2mmlIntake?.ok === true,
      { what: 'B2MML intake ready' },
    );
    return key;
  }

  /** Reads `topics` from the beginning with a fresh consumer group, handing each message to `onMessage`, until `done()` holds. */
  async function consumeUntil(
    topics: string[],
    onMessage: (topic: string, message: KafkaMessage) => void,
    done: () => boolean,
    what: string,
    timeoutMs = 60000,
  ) {
    const consumer = kafka.consumer(`b2mml-test-${randomBytes(4).toString('hex')}`);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ topic, message }) => onMessage(topic, message) });
    try {
      await waitFor(
        () => done(),
        (finished) => finished,
        { timeoutMs, what },
      );
    } finally {
      await consumer.disconnect();
    }
  }

  it('records a BOD once however often it is delivered, answers each delivery on mes.results keyed by BODID, and dead-letters XML it cannot parse', async () => {
    const key = await readySender();
    const producer = kafka.producer();
    await producer.connect();
    const headers = { 'api-key': key.apiKey };
    await producer.send({
      topic: kafka.topics.mesB2mml,
      messages: [
        { key: 'line-1', value: BOD, headers },
        { key: 'line-1', value: BOD, headers },
        { key: 'line-1', value: '<SyncMaterialLot><DataArea>', headers },
      ],
    });
    await producer.disconnect();

    const results: Array<{ key: string; value: any }> = [];
    const deadLetters: string[] = [];
    await consumeUntil(
      [kafka.topics.mesResults, kafka.topics.mesDeadLetter],
      (topic, message) => {
        if (topic === kafka.topics.mesResults) results.push({ key: message.key!.toString(), value: JSON.parse(message.value!.toString()) });
        else deadLetters.push(message.value!.toString());
      },
      () => results.length + deadLetters.length >= 3,
      'results and dead letters',
    );
    expect(results.map((r) => r.key)).toEqual(['bod-kafka-1', 'bod-kafka-1']);
    expect(results[1].value).toEqual(results[0].value);
    expect(results[0].value.nouns.map((n: any) => [n.id, n.status])).toEqual([
      ['M-K1', 201],
      ['M-K2', 422],
    ]);
    expect(deadLetters).toEqual(['<SyncMaterialLot><DataArea>']);
    expect((await app.db.store.readStream('lot-M-K1')).map((e) => e.type)).toEqual(['LotRegistered']);
    expect(await app.db.store.readStream('lot-M-K2')).toEqual([]);
  });

  // The unsafe documents the HTTP intake refuses (b2mml-intake.e2e.spec.ts), on the B2MML topic, then a
  // valid SyncMaterialLot (Schema/B2MML-V0600-Material.xsd) behind them on the same partition.
  it('answers XXE, billion laughs, depth 1,000, too many elements and 10 MB with a 400 result each, stores nothing of them, and records the next BOD', async () => {
    const key = await readySender();
    const eventCount = async (): Promise<number> => Number((await app.db.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
    const before = await eventCount();
    const valid = BOD.replace('bod-kafka-1', 'bod-kafka-after')
      .replace('<ID>M-K1</ID>', '<ID>M-K3</ID>')
      .replace(/<MaterialLot><ID>M-K2<\/ID>.*?<\/MaterialLot>/s, '');
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const unsafe: Array<[string, string, string]> = [
      [
        'xxe',
        `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${BOD.replace(/^<\?xml[^>]*>/, '').replace('M-K1', '&x;')}`,
        'xml-doctype',
      ],
      ['laughs', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${entities}]><lolz>&lol9;</lolz>`, 'xml-doctype'],
      ['deep', '<a>'.repeat(1000) + '</a>'.repeat(1000), 'xml-too-deep'],
      ['many', `<r>${'<a/>'.repeat(20_001)}</r>`, 'xml-too-many-elements'],
      ['huge', BOD.replace('bod-kafka-1', 'bod-kafka-huge') + `<!--${'x'.repeat(10 * 1024 * 1024)}-->`, 'xml-too-large'],
    ];
    const headers = { 'api-key': key.apiKey };
    const producer = kafka.producer();
    await producer.connect();
    const admin = kafka.kafka.admin();
    await admin.connect();
    try {
      // At the broker's default message size limit (1 MB) a 10 MB document never reaches Lotstream.
      const huge = unsafe.find(([name]) => name === 'huge')![1];
      await expect(producer.send({ topic: kafka.topics.mesB2mml, messages: [{ key: 'huge', value: huge, headers }] })).rejects.toThrow(/max message size/);
      // A topic configured for larger messages still meets the intake's own cap.
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: kafka.topics.mesB2mml, configEntries: [{ name: 'max.message.bytes', value: String(12 * 1024 * 1024) }] },
        ],
      });
      await producer.send({
        topic: kafka.topics.mesB2mml,
        messages: [...unsafe.map(([name, value]) => ({ key: name, value, headers, partition: 0 })), { key: 'valid', value: valid, headers, partition: 0 }],
      });
    } finally {
      await admin.disconnect();
      await producer.disconnect();
    }

    const results = new Map<string, any>();
    const deadLetters: string[] = [];
    await consumeUntil(
      [kafka.topics.mesResults, kafka.topics.mesDeadLetter],
      (topic, message) => {
        if (topic === kafka.topics.mesResults) results.set(message.key!.toString(), JSON.parse(message.value!.toString()));
        else deadLetters.push(message.key?.toString() ?? '');
      },
      () => results.has('bod-kafka-after') && unsafe.every(([name]) => results.has(name)),
      'a result for each unsafe document and for the valid BOD after them',
      90000,
    );
    for (const [name, , type] of unsafe) {
      const result = results.get(name);
      expect({ name, status: result.status, type: result.problem?.type, bodId: result.bodId }).toEqual({
        name,
        status: 400,
        type: `https://lotstream.dev/problems/${type}`,
        bodId: null,
      });
    }
    expect(deadLetters.filter((k) => unsafe.some(([name]) => name === k))).toEqual([]);
    expect(results.get('bod-kafka-after').nouns.map((n: any) => [n.id, n.status])).toEqual([['M-K3', 201]]);
    expect((await app.db.store.readStream('lot-M-K3')).map((e) => e.type)).toEqual(['LotRegistered']);
    expect(await eventCount()).toBe(before + 1);
  });

  // SyncTestResult (Schema/B2MML-OperationsTest.xsd, V0701: TestResultType, PropertyMeasurementType) and
  // GetMaterialLot (Schema/B2MML-V0600-Material.xsd, GetMaterialLotType) on the B2MML topic.
  it('records a TestResult BOD as an inspection and answers a GetMaterialLot with ShowMaterialLot on mes.results', async () => {
    const key = await issueTestKey(app.baseUrl, 'integration', ['SITE-A']);
    const post = (path: string, body: unknown) =>
      fetch(`${app.baseUrl}${path}`, { method: 'POST', headers: { ...key.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(
      (await post('/v1/equipment', { equipmentId: 'G-K1', kind: 'gauge', description: 'Micrometer', siteId: 'SITE-A', calibrationIntervalDays: 365 })).status,
    ).toBe(201);
    expect(
      (await post('/v1/lots', { lotNumber: 'L-K1', partNumber: 'P-1', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'SITE-A', kind: 'production' }))
        .status,
    ).toBe(201);
    const pm = (id: string, value: string, unit = '') =>
      `<PropertyMeasurement><ID>${id}</ID><Value><ValueString>${value}</ValueString>${unit ? `<UnitOfMeasure>${unit}</UnitOfMeasure>` : ''}</Value></PropertyMeasurement>`;
    const testResult = `<?xml version="1.0" encoding="UTF-8"?>
<SyncTestResult xmlns="http://www.mesa.org/xml/B2MML" releaseID="1">
  <ApplicationArea><Sender><LogicalID>MES-K</LogicalID></Sender><BODID>bod-kafka-tr</BODID></ApplicationArea>
  <DataArea><Sync/><TestResult><ID>TR-K1</ID><EvaluationDate>2026-11-25T09:30:00Z</EvaluationDate><TestableObjectID>L-K1</TestableObjectID>
    ${pm('Stage', 'OQC')}${pm('InspectorID', 'QC-031')}${pm('GaugeID', 'G-K1')}${pm('D-OUTER', '25.01', 'mm')}</TestResult></DataArea>
</SyncTestResult>`;
    const get = `<?xml version="1.0" encoding="UTF-8"?>
<GetMaterialLot xmlns="http://www.mesa.org/xml/B2MML-V0600" releaseID="1">
  <ApplicationArea><Sender><LogicalID>MES-K</LogicalID></Sender><BODID>bod-kafka-get</BODID></ApplicationArea>
  <DataArea><Get/><MaterialLot><ID>M-K1</ID></MaterialLot></DataArea>
</GetMaterialLot>`;
    await waitFor(
      async () => (await fetch(`${app.baseUrl}/v1/lots/M-K1`, { headers: key.headers })).status,
      (status) => status === 200,
      { what: 'lot M-K1 in the read model' },
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: kafka.topics.mesB2mml,
      messages: [
        { key: 'line-2', value: testResult, headers: { 'api-key': key.apiKey } },
        { key: 'line-2', value: get, headers: { 'api-key': key.apiKey } },
      ],
    });
    await producer.disconnect();
    const results = new Map<string, any>();
    await consumeUntil(
      [kafka.topics.mesResults],
      (_topic, message) => results.set(message.key!.toString(), JSON.parse(message.value!.toString())),
      () => results.has('bod-kafka-tr') && results.has('bod-kafka-get'),
      'the TestResult and Get results',
    );
    expect(results.get('bod-kafka-tr').nouns.map((n: any) => [n.noun, n.id, n.status, n.commands.map((c: any) => c.type)])).toEqual([
      ['TestResult', 'TR-K1', 201, ['RecordInspection']],
    ]);
    const inspections = (await app.db.store.readStream('lot-L-K1')).filter((e) => e.type === 'InspectionRecorded');
    expect(inspections.map((e) => e.data)).toEqual([
      expect.objectContaining({ inspectionId: 'TR-K1', stage: 'OQC', characteristic: { id: 'D-OUTER', unit: 'mm' }, measurements: [25.01], gaugeId: 'G-K1' }),
    ]);
    const shown = results.get('bod-kafka-get');
    expect(shown).toMatchObject({ status: 200, show: 'ShowMaterialLot', lots: [{ lotNumber: 'M-K1', holdState: 'none', quantity: 10 }] });
    expect(shown.xml).toContain('<ShowMaterialLot xmlns="http://www.mesa.org/xml/B2MML-V0600"');
  });
});
