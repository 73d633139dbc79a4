import { execFileSync } from 'node:child_process';
import { issueTestKey, startTestApp, type TestApp } from '@lotstream/testing';

// First article over HTTP: a prototype build inspected, accepted and promoted; the first production
// lot consumes a supplier's material, runs on a machine and is FAI-inspected on part of the plan.
// The forms match the recorded events, the missing characteristic is marked, and the part's status
// says an FAI is due (none approved yet); bad input and other sites are refused.
describe('first article (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let reader: Record<string, string>;
  let otherSite: Record<string, string>;

  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  async function post(path: string, body: unknown) {
    const answer = await call('POST', path, integration, body);
    if (answer.status !== 201) throw new Error(`POST ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
  const get = (path: string, headers = reader) => call('GET', path, headers);

  const D1 = { id: 'FA-D1', nominal: 10, lsl: 9.95, usl: 10.05, unit: 'mm' };
  const D2 = { id: 'FA-D2', nominal: 25, lsl: 24.9, usl: 25.1, unit: 'mm' };
  const step = (stepId: string, machine: string) => ({
    stepId,
    operation: 'turning',
    sequence: 10,
    workCenter: 'WC-1',
    equipmentIds: [machine],
    operatorId: 'OP-1',
    sopRevision: 'SOP-T-A',
    startedAt: '2026-03-02T08:00:00Z',
    completedAt: '2026-03-02T09:00:00Z',
    quantityIn: 5,
    quantityGood: 5,
    quantityScrapped: 0,
  });
  const inspection = (inspectionId: string, characteristic: typeof D1, measurements: number[]) => ({
    inspectionId,
    stage: 'FAI',
    characteristic,
    measurements,
    gaugeId: 'FA-G1',
    inspectorId: 'QE-1',
    inspectedAt: '2026-03-03T10:00:00Z',
  });

  beforeAll(async () => {
    t = await startTestApp();
    integration = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    reader = (await issueTestKey(t.baseUrl, 'auditor', ['FA-SITE'])).headers;
    otherSite = (await issueTestKey(t.baseUrl, 'auditor', ['FA-OTHER'])).headers;

    await post('/v1/equipment', { equipmentId: 'FA-G1', kind: 'gauge', description: 'Micrometer', siteId: 'FA-SITE', calibrationIntervalDays: 365 });
    await post('/v1/equipment/FA-G1/calibrations', {
      calibrationId: 'CAL-1',
      performedAt: '2026-01-05T08:00:00Z',
      asFound: 'in-tolerance',
      asLeft: 'in-tolerance',
      nextDueAt: '2027-01-05T08:00:00Z',
      certificateRef: 'CERT-1',
      performedBy: 'MET-1',
    });
    await post('/v1/equipment', { equipmentId: 'FA-M1', kind: 'machine', description: 'Lathe', siteId: 'FA-SITE', calibrationIntervalDays: 365 });

    await post('/v1/prototypes', {
      buildId: 'FA-P1',
      partNumber: 'FA-SHAFT',
      designRevision: 'P1',
      siteId: 'FA-SITE',
      requestedBy: 'ENG-1',
      purpose: 'first build',
    });
    await post('/v1/prototypes/FA-P1/inspections', { ...inspection('PI-1', D1, [10.01, 10.03, 9.98]), inspectedAt: '2026-02-01T10:00:00Z' });
    await post('/v1/prototypes/FA-P1/inspections', { ...inspection('PI-2', D2, [25.02]), inspectedAt: '2026-02-01T10:00:00Z' });
    await post('/v1/prototypes/FA-P1/completion', { outcome: 'accepted' });
    await post('/v1/prototypes/FA-P1/promotion', { partRevision: 'B', routingRevision: 'R1' });

    await post('/v1/lots', {
      lotNumber: 'FA-BAR-1',
      partNumber: 'STEEL-42',
      partRevision: '-',
      quantity: 100,
      unit: 'kg',
      siteId: 'FA-SITE',
      kind: 'material',
      supplier: 'Acme Steel',
      supplierLotNumber: 'H-778',
    });
    await post('/v1/lots', { lotNumber: 'FA-L1', partNumber: 'FA-SHAFT', partRevision: 'B', quantity: 5, unit: 'pcs', siteId: 'FA-SITE' });
    await post('/v1/lots/FA-L1/consumptions', { inputLotNumber: 'FA-BAR-1', quantity: 5, unit: 'kg' });
    await post('/v1/lots/FA-L1/steps', step('OP10', 'FA-M1'));
    await post('/v1/lots/FA-L1/inspections', inspection('FI-1', D1, [10.02, 10.0]));
  });
  afterAll(() => t?.close());

  it('answers the three forms from the recorded events, marking the characteristic without FAI results as missing', async () => {
    const { status, body } = await get('/v1/lots/FA-L1/first-article');
    expect(status).toBe(200);
    expect(body.form1).toMatchObject({
      partNumber: 'FA-SHAFT',
      partRevision: 'B',
      lotNumber: 'FA-L1',
      siteId: 'FA-SITE',
      faiType: 'full',
      baseline: { source: 'prototype-promotion', buildId: 'FA-P1', routingRevision: 'R1' },
    });
    expect(body.form2.materials).toEqual([
      expect.objectContaining({ lotNumber: 'FA-BAR-1', partNumber: 'STEEL-42', supplier: 'Acme Steel', supplierLotNumber: 'H-778' }),
    ]);
    expect(body.form3.characteristics.map((r: any) => [r.characteristicId, r.verdict, r.results])).toEqual([
      ['FA-D1', 'pass', [10.02, 10.0]],
      ['FA-D2', 'missing', []],
    ]);
    expect(body.form3.characteristics[0]).toMatchObject({
      nominal: 10,
      lsl: 9.95,
      usl: 10.05,
      unit: 'mm',
      gaugeId: 'FA-G1',
      gaugeInCalibration: true,
      prototype: { buildId: 'FA-P1', n: 3 },
    });
    expect(body.form3.characteristics[0].prototype.range).toBeCloseTo(0.05, 10);
    expect(body).toMatchObject({ lotNumber: 'FA-L1', partNumber: 'FA-SHAFT', complete: false, missing: ['FA-D2'] });
  });

  it('answers the same forms as a PDF whose extracted text holds every characteristic id and result, byte-identical on a second request', async () => {
    const json = (await get('/v1/lots/FA-L1/first-article')).body;
    const fetchPdf = () => fetch(`${t.baseUrl}/v1/lots/FA-L1/first-article`, { headers: { ...reader, accept: 'application/pdf' } });
    const response = await fetchPdf();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('/usr/bin/pdftotext', ['-layout', '-', '-'], { input: pdf }).toString();
    expect(text).toContain('AS9102 Form 1');
    expect(text).toContain('AS9102 Form 3');
    expect(text).toContain('Acme Steel');
    for (const row of json.form3.characteristics) {
      expect(text).toContain(row.characteristicId);
      for (const result of row.results) expect(text).toContain(String(result));
    }
    expect(Buffer.from(await (await fetchPdf()).arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('answers the same forms as print-ready HTML (print stylesheet, no script) holding every characteristic id and result', async () => {
    const json = (await get('/v1/lots/FA-L1/first-article')).body;
    const response = await fetch(`${t.baseUrl}/v1/lots/FA-L1/first-article`, { headers: { ...reader, accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('@page');
    expect(html).not.toMatch(/<script/i);
    for (const row of json.form3.characteristics) {
      expect(html).toContain(`<td>${row.characteristicId}</td>`);
      for (const result of row.results) expect(html).toContain(String(result));
    }
    const otherSiteAnswer = await fetch(`${t.baseUrl}/v1/lots/FA-L1/first-article`, { headers: { ...otherSite, accept: 'application/pdf' } });
    expect(otherSiteAnswer.status).toBe(404);
  });

  it('says a first article is due for the part while none was approved, naming the first lot', async () => {
    const { status, body } = await get('/v1/parts/FA-SHAFT/first-article-status');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      due: true,
      lastApproved: null,
      reasons: [{ kind: 'no-approved-first-article', causedBy: { type: 'LotRegistered', lotNumber: 'FA-L1' } }],
    });
  });

  it('answers 404 for an unknown lot, a material lot, an unknown part and another site; 400 for a malformed id', async () => {
    expect((await get('/v1/lots/FA-NOPE/first-article')).status).toBe(404);
    expect((await get('/v1/lots/FA-BAR-1/first-article')).status).toBe(404);
    expect((await get('/v1/parts/FA-NOPE/first-article-status')).status).toBe(404);
    expect((await get('/v1/lots/FA-L1/first-article', otherSite)).status).toBe(404);
    expect((await get('/v1/parts/FA-SHAFT/first-article-status', otherSite)).status).toBe(404);
    const bad = await get(`/v1/lots/${encodeURIComponent('bad lot!')}/first-article`);
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ field: 'lotNumber' }] } });
  });

  describe('approval', () => {
    const approval = { faiId: 'FAI-1', type: 'full', approvedBy: 'FA-QE-1' };

    it('refuses approval (422) while a characteristic is missing, listing it, and stores nothing', async () => {
      await post('/v1/personnel', { personId: 'FA-QE-1', name: 'Quality Engineer', siteId: 'FA-SITE' });
      const before = (await get('/v1/audit/streams/lot-FA-L1')).body;
      const refused = await call('POST', '/v1/lots/FA-L1/first-article/approval', integration, approval);
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toContain('missing: FA-D2');
      expect(refused.body.type).toContain('first-article-incomplete');
      expect((await get('/v1/audit/streams/lot-FA-L1')).body).toEqual(before);
    });

    it('refuses bad input (400), an unknown lot (404) and an unregistered approver (422)', async () => {
      expect((await call('POST', '/v1/lots/FA-L1/first-article/approval', integration, { ...approval, extra: 1 })).status).toBe(400);
      expect((await call('POST', '/v1/lots/FA-L1/first-article/approval', integration, { ...approval, type: 'half' })).status).toBe(400);
      expect((await call('POST', '/v1/lots/FA-NOPE/first-article/approval', integration, approval)).status).toBe(404);
      await post('/v1/lots/FA-L1/inspections', inspection('FI-2', D2, [25.01]));
      const unknown = await call('POST', '/v1/lots/FA-L1/first-article/approval', integration, { ...approval, approvedBy: 'FA-NOBODY' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.type).toContain('approver-unknown');
    });

    it('approves once every characteristic passed; a later lot on a new machine makes a new FAI due, naming the step', async () => {
      const approved = await call('POST', '/v1/lots/FA-L1/first-article/approval', integration, approval);
      expect(approved.status).toBe(201);
      expect((await get('/v1/lots/FA-L1/first-article')).body).toMatchObject({ complete: true, missing: [], failed: [] });
      expect((await get('/v1/parts/FA-SHAFT/first-article-status')).body).toMatchObject({
        due: false,
        reasons: [],
        lastApproved: { faiId: 'FAI-1', lotNumber: 'FA-L1' },
      });
      expect((await call('POST', '/v1/lots/FA-L1/first-article/approval', integration, approval)).status).toBe(409);

      await post('/v1/equipment', { equipmentId: 'FA-M2', kind: 'machine', description: 'Second lathe', siteId: 'FA-SITE', calibrationIntervalDays: 365 });
      await post('/v1/lots', { lotNumber: 'FA-L2', partNumber: 'FA-SHAFT', partRevision: 'B', quantity: 5, unit: 'pcs', siteId: 'FA-SITE' });
      const stepWrite = await post('/v1/lots/FA-L2/steps', step('OP10', 'FA-M2'));
      const status = (await get('/v1/parts/FA-SHAFT/first-article-status')).body;
      expect(status).toMatchObject({ due: true, suggestedType: 'partial' });
      expect(status.reasons).toEqual([
        expect.objectContaining({
          kind: 'new-machine',
          operation: 'turning',
          equipmentId: 'FA-M2',
          causedBy: expect.objectContaining({ eventId: stepWrite.eventIds[0], lotNumber: 'FA-L2' }),
        }),
      ]);
    });
  });
});
