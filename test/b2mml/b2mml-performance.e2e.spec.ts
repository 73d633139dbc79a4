import { issueTestKey, startTestApp, TEST_ADMIN_KEY, type TestApp } from '@lotstream/testing';
import { httpCaller, STEP_JSON } from './b2mml-fixtures';

// OperationsPerformance over HTTP. The BOD is written from MESAInternational/B2MML-BatchML:
// SyncOperationsPerformance / OperationsResponse: Schema/B2MML-V0600-OperationsPerformance.xsd;
// SegmentResponse and MaterialActual: Schema/V0600/B2MML-V0600-OperationsPerformanceTypes.xsd.
describe('B2MML OperationsPerformance intake (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let auditor: Record<string, string>;
  const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };

  const call = httpCaller(() => t.baseUrl);
  const data = (id: string, value: string) => `<SegmentData><ID>${id}</ID><Value><ValueString>${value}</ValueString></Value></SegmentData>`;
  const performance = (bodId: string, start: string) => `<?xml version="1.0" encoding="UTF-8"?>
<SyncOperationsPerformance xmlns="http://www.mesa.org/xml/B2MML-V0600" releaseID="1">
  <ApplicationArea><Sender><LogicalID>MES-P</LogicalID></Sender><BODID>${bodId}</BODID></ApplicationArea>
  <DataArea><Sync/><OperationsPerformance><ID>PERF-1</ID><OperationsResponse><ID>L-P1</ID>
    <SegmentResponse><ID>OP10</ID><ProcessSegmentID>turning</ProcessSegmentID>
      <ActualStartTime>${start}</ActualStartTime><ActualEndTime>2026-11-25T09:10:00Z</ActualEndTime>
      ${data('Sequence', '10')}${data('WorkCenter', 'WC-LATHE-2')}${data('SOPRevision', 'SOP-12 rev D')}
      ${data('QuantityIn', '10')}${data('QuantityGood', '10')}${data('QuantityScrapped', '0')}
      <PersonnelActual><PersonID>OPR-117</PersonID></PersonnelActual><EquipmentActual><EquipmentID>LATHE-07</EquipmentID></EquipmentActual>
      <MaterialActual><MaterialLotID>M-P1</MaterialLotID><MaterialUse>Consumed</MaterialUse><Quantity><QuantityString>2.5</QuantityString><UnitOfMeasure>kg</UnitOfMeasure></Quantity></MaterialActual>
    </SegmentResponse></OperationsResponse></OperationsPerformance></DataArea>
</SyncOperationsPerformance>`;

  beforeAll(async () => {
    t = await startTestApp();
    integration = (await issueTestKey(t.baseUrl, 'integration', ['SITE-A'])).headers;
    auditor = (await issueTestKey(t.baseUrl, 'auditor', ['*'])).headers;
    const mapping = JSON.stringify({ siteId: 'SITE-A', defaults: { partRevision: 'C' }, productionLot: 'ProductionResponse/ID' });
    expect((await call('PUT', '/v1/integrations/b2mml/senders/MES-P', admin, mapping)).status).toBe(201);
    const byJob = JSON.stringify({ siteId: 'SITE-A', defaults: { unit: 'kg' }, productionLot: 'JobResponse/ID' });
    expect((await call('PUT', '/v1/integrations/b2mml/senders/MES-J', admin, byJob)).status).toBe(201);
    for (const [lotNumber, kind, unit] of [
      ['L-P1', 'production', 'pcs'],
      ['M-P1', 'material', 'kg'],
      ['L-J1', 'production', 'pcs'],
      ['L-J2', 'production', 'pcs'],
    ]) {
      const lot = { lotNumber, partNumber: 'P-1', partRevision: 'C', quantity: 10, unit, siteId: 'SITE-A', kind };
      expect((await call('POST', '/v1/lots', integration, JSON.stringify(lot))).status).toBe(201);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  const lotEvents = async (lotNumber: string) =>
    ((await call('GET', `/v1/audit/streams/lot-${lotNumber}`, auditor)).body?.events ?? []).map((e: any) => e.type);

  it('refuses a segment whose ActualStartTime has no offset with 422 and its path, storing nothing, then records the step and consumption', async () => {
    const refused = await call(
      'POST',
      '/v1/integrations/b2mml',
      { ...integration, accept: 'application/json' },
      performance('bod-p0', '2026-11-25T08:30:00'),
      'application/xml',
    );
    expect(refused.body.nouns[0].status).toBe(422);
    expect(refused.body.nouns[0].problem.errors.map((e: any) => e.field)).toEqual([
      'OperationsPerformance/OperationsResponse[1]/SegmentResponse[1]/ActualStartTime',
    ]);
    expect(await lotEvents('L-P1')).toHaveLength(1);

    const answer = await call(
      'POST',
      '/v1/integrations/b2mml',
      { ...integration, accept: 'application/json' },
      performance('bod-p1', '2026-11-25T08:30:00Z'),
      'application/xml',
    );
    expect(answer.status).toBe(200);
    expect(answer.body.nouns[0].commands.map((c: any) => [c.type, c.status])).toEqual([
      ['RecordProductionStep', 201],
      ['ConsumeMaterial', 201],
    ]);
    expect((await lotEvents('L-P1')).length).toBe(3);
  });

  it('answers a consumption of an unknown input lot with 422 input-lot-unknown naming the MaterialActual element, storing nothing of the noun', async () => {
    const unknownInput = `<MaterialActual><MaterialLotID>M-UNKNOWN</MaterialLotID><MaterialUse>Consumed</MaterialUse><Quantity><QuantityString>1</QuantityString><UnitOfMeasure>kg</UnitOfMeasure></Quantity></MaterialActual>`;
    const xml = performance('bod-p2', '2026-11-25T08:30:00Z')
      .replace('<ID>OP10</ID>', '<ID>OP20</ID>')
      .replace('</SegmentResponse>', `${unknownInput}</SegmentResponse>`);
    const before = (await lotEvents('L-P1')).length;
    const answer = await call('POST', '/v1/integrations/b2mml', { ...integration, accept: 'application/json' }, xml, 'application/xml');
    expect(answer.status).toBe(200);
    const [noun] = answer.body.nouns;
    expect(noun.status).toBe(422);
    expect(noun.commands.map((c: any) => [c.type, c.status])).toEqual([
      ['RecordProductionStep', 424],
      ['ConsumeMaterial', 424],
      ['ConsumeMaterial', 422],
    ]);
    expect(noun.commands[2].problem.type).toMatch(/\/input-lot-unknown$/);
    expect(noun.commands[2].problem.errors).toEqual([
      {
        field: 'OperationsPerformance/OperationsResponse[1]/SegmentResponse[1]/MaterialActual[2]/MaterialLotID',
        message: 'Input lot M-UNKNOWN is not registered.',
        lotstreamField: 'inputLotNumber',
      },
    ]);
    expect((await lotEvents('L-P1')).length).toBe(before);

    const xmlAnswer = await call('POST', '/v1/integrations/b2mml', integration, xml, 'application/xml');
    expect(xmlAnswer.text).toContain(
      '<r:Error field="OperationsPerformance/OperationsResponse[1]/SegmentResponse[1]/MaterialActual[2]/MaterialLotID" lotstreamField="inputLotNumber">',
    );
  });

  it('answers a step and consumption of an unknown production lot with 422 lot-not-found naming the OperationsResponse/ID element', async () => {
    const xml = performance('bod-p3', '2026-11-25T08:30:00Z').replace('<OperationsResponse><ID>L-P1</ID>', '<OperationsResponse><ID>L-NONE</ID>');
    const inputBefore = (await lotEvents('M-P1')).length;
    const answer = await call('POST', '/v1/integrations/b2mml', { ...integration, accept: 'application/json' }, xml, 'application/xml');
    const [noun] = answer.body.nouns;
    expect(noun.status).toBe(422);
    const refused = noun.commands.find((c: any) => c.status !== 424);
    expect(refused.status).toBe(422);
    expect(refused.problem.type).toMatch(/\/lot-not-found$/);
    expect(refused.problem.status).toBe(422);
    expect(refused.problem.errors.map((e: any) => [e.field, e.lotstreamField])).toEqual([['OperationsPerformance/OperationsResponse[1]/ID', 'lotNumber']]);
    expect(await lotEvents('L-NONE')).toEqual([]);
    expect(await lotEvents('M-P1')).toHaveLength(inputBefore);
  });

  // ProductionPerformance under V0401 and V0500, and every other release × noun, against the JSON
  // intake's event data: b2mml-versions.e2e.spec.ts.

  // A Produced MaterialActual (OpMaterialActualType: MaterialDefinitionID, MaterialLotID, MaterialUse, Quantity,
  // MaterialActualProperty; Schema/V0600/B2MML-V0600-OperationsPerformanceTypes.xsd) that gives the lot's facts.
  const producedBod = (bodId: string, stepId: string, quantity: string) =>
    performance(bodId, '2026-11-25T08:30:00Z')
      .replace('<LogicalID>MES-P</LogicalID>', '<LogicalID>MES-PR</LogicalID>')
      .replace('<OperationsResponse><ID>L-P1</ID>', '<OperationsResponse><ID>RESP-PR</ID>')
      .replace('<ID>OP10</ID>', `<ID>${stepId}</ID>`)
      .replace('<MaterialLotID>M-P1</MaterialLotID>', '<MaterialLotID>M-PR</MaterialLotID>')
      .replace(
        '<MaterialActual>',
        '<MaterialActual><MaterialDefinitionID>P-1</MaterialDefinitionID><MaterialLotID>L-PR1</MaterialLotID><MaterialUse>Produced</MaterialUse>' +
          `<Quantity><QuantityString>${quantity}</QuantityString><UnitOfMeasure>pcs</UnitOfMeasure></Quantity></MaterialActual><MaterialActual>`,
      );

  it('registers the lot a Produced MaterialActual reports as the JSON intake registers a production lot, once, and its next step without an error', async () => {
    const bySender = JSON.stringify({ siteId: 'SITE-A', defaults: { partRevision: 'C' }, productionLot: 'ProducedMaterialLot' });
    expect((await call('PUT', '/v1/integrations/b2mml/senders/MES-PR', admin, bySender)).status).toBe(201);
    const material = { lotNumber: 'M-PR', partNumber: 'RM-1', partRevision: 'A', quantity: 10, unit: 'kg', siteId: 'SITE-A', kind: 'material' };
    expect((await call('POST', '/v1/lots', integration, JSON.stringify(material))).status).toBe(201);
    const post = async (xml: string) =>
      (await call('POST', '/v1/integrations/b2mml', { ...integration, accept: 'application/json' }, xml, 'application/xml')).body;
    const stream = async (lotNumber: string) => (await call('GET', `/v1/audit/streams/lot-${lotNumber}`, auditor)).body?.events ?? [];
    const first = producedBod('bod-pr1', 'OP10', '10');
    const answer = await post(first);
    expect(answer.nouns.map((n: any) => [n.status, n.commands.map((c: any) => [c.type, c.status, c.streamId])])).toEqual([
      [
        201,
        [
          ['RegisterLot', 201, 'lot-L-PR1'],
          ['RecordProductionStep', 201, 'lot-L-PR1'],
          ['ConsumeMaterial', 201, 'lot-L-PR1'],
        ],
      ],
    ]);
    const json = {
      lotNumber: 'L-PR1J',
      partNumber: 'P-1',
      partRevision: 'C',
      quantity: 10,
      unit: 'pcs',
      siteId: 'SITE-A',
      kind: 'production',
      occurredAt: '2026-11-25T08:30:00Z',
    };
    expect((await call('POST', '/v1/lots', integration, JSON.stringify(json))).status).toBe(201);
    const [fromXml] = await stream('L-PR1');
    const [fromJson] = await stream('L-PR1J');
    expect([fromXml.type, { ...fromXml.data, lotNumber: 'L-PR1J' }, fromXml.occurredAt]).toEqual([fromJson.type, fromJson.data, fromJson.occurredAt]);
    expect((await stream('L-PR1')).map((e: any) => e.type)).toEqual(['LotRegistered', 'ProductionStepCompleted', 'MaterialConsumed']);

    // Redelivered: the same answer, nothing appended.
    expect(await post(first)).toEqual(answer);
    expect(await stream('L-PR1')).toHaveLength(3);

    // The next step's BOD reports the same lot with the same facts: not an error, the lot registered once.
    const next = producedBod('bod-pr2', 'OP20', '10').replace(data('Sequence', '10'), data('Sequence', '20'));
    const nextAnswer = await post(next);
    expect([nextAnswer.nouns[0].status, nextAnswer.nouns[0].commands.find((c: any) => c.problem && c.status !== 424)?.problem]).toEqual([201, undefined]);
    expect(nextAnswer.nouns[0].commands.map((c: any) => [c.type, c.status])).toEqual([
      ['RegisterLot', 200],
      ['RecordProductionStep', 201],
      ['ConsumeMaterial', 201],
    ]);
    expect(nextAnswer.nouns[0].commands[0]).toMatchObject({ streamId: 'lot-L-PR1', streamVersion: 1, detail: expect.stringContaining('already registered') });
    expect((await stream('L-PR1')).map((e: any) => e.type)).toEqual([
      'LotRegistered',
      'ProductionStepCompleted',
      'MaterialConsumed',
      'ProductionStepCompleted',
      'MaterialConsumed',
    ]);
    expect(await post(next)).toEqual(nextAnswer);
    expect(await stream('L-PR1')).toHaveLength(5);

    // Other facts for the registered lot: 409 naming the MaterialActual element, nothing of the noun stored.
    const other = await post(producedBod('bod-pr3', 'OP30', '9'));
    expect(other.nouns[0].status).toBe(409);
    const refused = other.nouns[0].commands[0];
    expect([refused.type, refused.status, refused.problem.type]).toEqual(['RegisterLot', 409, 'https://lotstream.dev/problems/lot-already-registered']);
    expect(refused.problem.errors.map((e: any) => [e.field, e.lotstreamField])).toEqual([
      ['OperationsPerformance/OperationsResponse[1]/SegmentResponse[1]/MaterialActual[1]/MaterialLotID', 'lotNumber'],
    ]);
    expect(other.nouns[0].commands.slice(1).map((c: any) => c.status)).toEqual([424, 424]);
    expect(await stream('L-PR1')).toHaveLength(5);
  });

  // SyncJobResponse, JobResponseType (ID, WorkDirectiveID, StartTime, EndTime, JobResponsetData, PersonnelActual,
  // EquipmentActual, nested JobResponse): Schema/B2MML-V0600-WorkPerformance.xsd.
  const jobData = (id: string, value: string) => `<JobResponsetData><ID>${id}</ID><Value><ValueString>${value}</ValueString></Value></JobResponsetData>`;
  const jobStep = (id: string) => `<JobResponse><ID>${id}</ID><WorkDirectiveID>turning</WorkDirectiveID>
    <StartTime>2026-11-25T08:30:00Z</StartTime><EndTime>2026-11-25T09:10:00Z</EndTime>
    ${jobData('Sequence', '10')}${jobData('WorkCenter', 'WC-LATHE-2')}${jobData('SOPRevision', 'SOP-12 rev D')}
    ${jobData('QuantityIn', '10')}${jobData('QuantityGood', '10')}${jobData('QuantityScrapped', '0')}${jobData('SpindleSpeed', '1200')}
    <PersonnelActual><PersonID>OPR-117</PersonID></PersonnelActual><EquipmentActual><EquipmentID>LATHE-07</EquipmentID></EquipmentActual></JobResponse>`;
  const jobBod = (bodId: string, jobs: string) => `<?xml version="1.0" encoding="UTF-8"?>
<SyncJobResponse xmlns="http://www.mesa.org/xml/B2MML-V0600" releaseID="1">
  <ApplicationArea><Sender><LogicalID>MES-J</LogicalID></Sender><BODID>${bodId}</BODID></ApplicationArea>
  <DataArea><Sync/>${jobs}</DataArea>
</SyncJobResponse>`;

  it('records a JobResponse as steps of the lot its JobResponse/ID names, with the event data the JSON intake gives', async () => {
    const answer = await call(
      'POST',
      '/v1/integrations/b2mml',
      { ...integration, accept: 'application/json' },
      jobBod('bod-j1', `<JobResponse><ID>L-J1</ID>${jobStep('OP10')}</JobResponse>`),
      'application/xml',
    );
    expect(answer.status).toBe(200);
    expect(answer.body.nouns.map((n: any) => [n.noun, n.id, n.status])).toEqual([['JobResponse', 'L-J1', 201]]);
    const json = { ...STEP_JSON, parameters: { SpindleSpeed: 1200 } };
    expect((await call('POST', '/v1/lots/L-J2/steps', integration, JSON.stringify(json))).status).toBe(201);
    const stepOf = async (lotNumber: string) =>
      ((await call('GET', `/v1/audit/streams/lot-${lotNumber}`, auditor)).body?.events ?? []).filter((e: any) => e.type !== 'LotRegistered');
    const [fromXml] = await stepOf('L-J1');
    const [fromJson] = await stepOf('L-J2');
    expect(fromXml.type).toBe(fromJson.type);
    expect(fromXml.data).toEqual(fromJson.data);
  });
});
