import { issueTestKey, startTestApp, TEST_ADMIN_KEY, type TestApp } from '@lotstream/testing';

// OperationsPerformance over HTTP. The BOD is written from MESAInternational/B2MML-BatchML:
// SyncOperationsPerformance / OperationsResponse: Schema/B2MML-V0600-OperationsPerformance.xsd;
// SegmentResponse and MaterialActual: Schema/V0600/B2MML-V0600-OperationsPerformanceTypes.xsd.
describe('B2MML OperationsPerformance intake (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let auditor: Record<string, string>;
  const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };

  async function call(method: string, path: string, headers: Record<string, string>, body?: string, contentType = 'application/json') {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      body,
    });
    const text = await response.text();
    return { status: response.status, text, body: text.startsWith('{') ? JSON.parse(text) : undefined };
  }
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
    for (const [lotNumber, kind, unit] of [
      ['L-P1', 'production', 'pcs'],
      ['M-P1', 'material', 'kg'],
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
});
