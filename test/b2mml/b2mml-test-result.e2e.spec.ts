import { issueTestKey, startTestApp, TEST_ADMIN_KEY, type TestApp } from '@lotstream/testing';
import { httpCaller } from './b2mml-fixtures';

// Test results over HTTP. The BOD is written from MESAInternational/B2MML-BatchML Schema/B2MML-OperationsTest.xsd
// (V0701, namespace http://www.mesa.org/xml/B2MML): SyncTestResultType; TestResultType (ID, EvaluationDate,
// TestableObjectID, PropertyMeasurement); PropertyMeasurementType (ID, Value); ValueType (ValueString,
// UnitOfMeasure) in Schema/B2MML-Common.xsd.
describe('B2MML TestResult intake (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let auditor: Record<string, string>;
  const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };

  const call = httpCaller(() => t.baseUrl);
  const pm = (id: string, value: string, unit = '') =>
    `<PropertyMeasurement><ID>${id}</ID><Value><ValueString>${value}</ValueString>${unit ? `<UnitOfMeasure>${unit}</UnitOfMeasure>` : ''}</Value></PropertyMeasurement>`;
  const result = (id: string, lot: string, measurements: string) =>
    `<TestResult><ID>${id}</ID><EvaluationDate>2026-11-25T09:30:00Z</EvaluationDate><TestableObjectID>${lot}</TestableObjectID>` +
    `${pm('Stage', 'IPQC')}${pm('InspectorID', 'QC-031')}${pm('GaugeID', 'G-TR1')}${measurements}</TestResult>`;
  const bod = (bodId: string, nouns: string) => `<?xml version="1.0" encoding="UTF-8"?>
<SyncTestResult xmlns="http://www.mesa.org/xml/B2MML" releaseID="1">
  <ApplicationArea><Sender><LogicalID>MES-T</LogicalID></Sender><BODID>${bodId}</BODID></ApplicationArea>
  <DataArea><Sync/>${nouns}</DataArea>
</SyncTestResult>`;
  const postBod = (xml: string) => call('POST', '/v1/integrations/b2mml', { ...integration, accept: 'application/json' }, xml, 'application/xml');
  const events = async (lotNumber: string) => (await call('GET', `/v1/audit/streams/lot-${lotNumber}`, auditor)).body?.events ?? [];

  beforeAll(async () => {
    t = await startTestApp();
    integration = (await issueTestKey(t.baseUrl, 'integration', ['SITE-A'])).headers;
    auditor = (await issueTestKey(t.baseUrl, 'auditor', ['*'])).headers;
    const mapping = JSON.stringify({ siteId: 'SITE-A', defaults: { unit: 'mm' }, productionLot: 'ProductionResponse/ID' });
    expect((await call('PUT', '/v1/integrations/b2mml/senders/MES-T', admin, mapping)).status).toBe(201);
    const gauge = { equipmentId: 'G-TR1', kind: 'gauge', description: 'Micrometer', siteId: 'SITE-A', calibrationIntervalDays: 365 };
    expect((await call('POST', '/v1/equipment', integration, JSON.stringify(gauge))).status).toBe(201);
    for (const lotNumber of ['L-TR1', 'L-TR2']) {
      const lot = { lotNumber, partNumber: 'P-1', partRevision: 'C', quantity: 10, unit: 'pcs', siteId: 'SITE-A', kind: 'production' };
      expect((await call('POST', '/v1/lots', integration, JSON.stringify(lot))).status).toBe(201);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('records a TestResult as the inspection the JSON intake records for the same facts, refuses an incomplete one with its paths, and replays a redelivery', async () => {
    const xml = bod(
      'bod-tr-1',
      result('TR-1', 'L-TR1', pm('D-OUTER', '25.01', 'mm') + pm('D-OUTER', '24.99', 'mm')) +
        `<TestResult><ID>TR-BAD</ID><TestableObjectID>L-TR1</TestableObjectID>${pm('D-OUTER', '25.0')}</TestResult>`,
    );
    const answer = await postBod(xml);
    expect(answer.status).toBe(200);
    expect(answer.body.nouns.map((n: any) => [n.id, n.status])).toEqual([
      ['TR-1', 201],
      ['TR-BAD', 422],
    ]);
    expect(answer.body.nouns[0].commands.map((c: any) => c.type)).toEqual(['RecordInspection']);
    expect(answer.body.nouns[1].problem.errors.map((e: any) => e.field)).toEqual([
      'TestResult/PropertyMeasurement[ID=Stage]/Value/ValueString',
      'TestResult/PropertyMeasurement[ID=InspectorID]/Value/ValueString',
      'TestResult/PropertyMeasurement[ID=GaugeID]/Value/ValueString',
      'TestResult/EvaluationDate',
    ]);

    const json = {
      inspectionId: 'TR-1',
      stage: 'IPQC',
      characteristic: { id: 'D-OUTER', unit: 'mm' },
      measurements: [25.01, 24.99],
      gaugeId: 'G-TR1',
      inspectorId: 'QC-031',
      inspectedAt: '2026-11-25T09:30:00Z',
    };
    expect((await call('POST', '/v1/lots/L-TR2/inspections', integration, JSON.stringify(json))).status).toBe(201);
    const fromXml = (await events('L-TR1')).filter((e: any) => e.type === 'InspectionRecorded');
    const fromJson = (await events('L-TR2')).filter((e: any) => e.type === 'InspectionRecorded');
    expect(fromXml).toHaveLength(1);
    expect(fromXml[0].data).toEqual(fromJson[0].data);

    const again = await postBod(xml);
    expect(again.body).toEqual(answer.body);
    expect((await events('L-TR1')).filter((e: any) => e.type === 'InspectionRecorded')).toHaveLength(1);
  });
});
