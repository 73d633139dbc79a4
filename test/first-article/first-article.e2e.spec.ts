import { execFileSync } from 'node:child_process';
import { issueTestKey, startTestApp, type TestApp, waitFor } from '@lotstream/testing';
import { enrolSigner, httpCaller } from '../release/signer';

// First article over HTTP: a prototype build inspected, accepted and promoted; the first production
// lot consumes a supplier's material, runs on a machine and is FAI-inspected on part of the plan.
// The forms match the recorded events, the missing characteristic is marked, and the part's status
// says an FAI is due (none approved yet); bad input and other sites are refused.
describe('first article (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let reader: Record<string, string>;
  let otherSite: Record<string, string>;
  let quality: Record<string, string>;
  const PASSWORD = 'First-Article-Signer-5521';

  const call = httpCaller(() => t.baseUrl);
  async function post(path: string, body: unknown) {
    const answer = await call('POST', path, integration, body);
    if (answer.status !== 201) throw new Error(`POST ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
  const get = (path: string, headers = reader) => call('GET', path, headers);

  const D1 = { id: 'FA-D1', nominal: 10, lsl: 9.95, usl: 10.05, unit: 'mm' };
  const D2 = { id: 'FA-D2', nominal: 25, lsl: 24.9, usl: 25.1, unit: 'mm' };
  const step = (stepId: string, machine: string, operation = 'turning') => ({
    stepId,
    operation,
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

  /** A crossed study, 10 parts 0.01 mm apart, two appraisers, three trials within a few µm. */
  const gaugeStudy = (studyId: string, performedAt: string) => ({
    studyId,
    partNumber: 'FA-SHAFT',
    characteristic: { id: D1.id, unit: 'mm', lsl: D1.lsl, usl: D1.usl },
    method: 'crossed',
    performedAt,
    measurements: Array.from({ length: 10 }, (_, p) =>
      ['QC-1', 'QC-2'].flatMap((appraiser, a) =>
        [1, 2, 3].map((trial) => ({
          part: `S${p + 1}`,
          appraiser,
          trial,
          value: 9.95 + p * 0.01 + a * 0.0002 + [0.0003, -0.0001, 0.0][trial - 1] * (p % 2 ? 1 : -1),
        })),
      ),
    ).flat(),
  });

  const CERTIFICATES = ['FW-COC-2026-0412', 'EN10204-3.1/FW-88123'];
  const FORGING = {
    lotNumber: 'FA-FORGE-1',
    partNumber: 'FORGING-7',
    partRevision: 'A',
    quantity: 500,
    unit: 'pcs',
    siteId: 'FA-SITE',
    kind: 'material',
    supplierId: 'FA-SUP',
    supplierLotNumber: 'FW-88123',
    receivedAt: '2026-02-20T07:00:00Z',
  };
  let receivingPlan: { sampleSize: number; codeLetter: string; acceptNumber: number; rejectNumber: number; severity: string };

  beforeAll(async () => {
    t = await startTestApp();
    integration = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    reader = (await issueTestKey(t.baseUrl, 'auditor', ['FA-SITE'])).headers;
    otherSite = (await issueTestKey(t.baseUrl, 'auditor', ['FA-OTHER'])).headers;
    quality = (await issueTestKey(t.baseUrl, 'quality', ['FA-SITE'])).headers;

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
    // A gauge R&R study of FA-G1 on FA-SHAFT × FA-D1 in force at the FAI inspection, and a later one that is not.
    await post('/v1/equipment/FA-G1/msa-studies', gaugeStudy('FA-MSA-1', '2026-02-15T10:00:00Z'));
    await post('/v1/equipment/FA-G1/msa-studies', gaugeStudy('FA-MSA-LATER', '2026-03-04T10:00:00Z'));
    await post('/v1/equipment', { equipmentId: 'FA-M1', kind: 'machine', description: 'Lathe', siteId: 'FA-SITE', calibrationIntervalDays: 365 });
    await post('/v1/equipment', { equipmentId: 'FA-F1', kind: 'machine', description: 'Furnace', siteId: 'FA-SITE', calibrationIntervalDays: 365 });

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
    await post('/v1/prototypes/FA-P1/steps', step('PS-HT', 'FA-F1', 'heat-treat'));
    await post('/v1/prototypes/FA-P1/completion', { outcome: 'accepted' });
    // A special process must be an operation of the build: one it never ran is refused (422), a
    // malformed list is refused (400), and neither stores anything.
    const promotion = { partRevision: 'B', routingRevision: 'R1', sopRevisions: { turning: 'SOP-T-A' }, specialProcesses: ['heat-treat'] };
    const unknown = await call('POST', '/v1/prototypes/FA-P1/promotion', integration, { ...promotion, specialProcesses: ['heat-treat', 'plating'] });
    expect(unknown).toMatchObject({ status: 422, body: { type: expect.stringContaining('special-process-unknown') } });
    expect(unknown.body.detail).toContain('plating');
    for (const specialProcesses of [['heat-treat', 'heat-treat'], [''], 'heat-treat', Array.from({ length: 51 }, (_, i) => `op-${i}`)]) {
      expect((await call('POST', '/v1/prototypes/FA-P1/promotion', integration, { ...promotion, specialProcesses })).status).toBe(400);
    }
    const stored = await t.db.pool.query(`SELECT type FROM events WHERE stream_id = 'prototype-FA-P1'`);
    expect(stored.rows.map((r) => r.type)).not.toContain('PrototypePromoted');
    await post('/v1/prototypes/FA-P1/promotion', promotion);

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
    // A second material from a registered, approved supplier, received with its certificates and
    // accepted at incoming inspection by the supplier's ISO 2859-1 plan.
    await post('/v1/suppliers', { supplierId: 'FA-SUP', name: 'Forge Works', siteIds: ['FA-SITE'] });
    await post('/v1/suppliers/FA-SUP/approvals', {
      approvalId: 'FA-APR-1',
      partNumbers: ['FORGING-7'],
      validFrom: '2026-01-01T00:00:00Z',
      basis: 'audit',
      approvedBy: 'QE-1',
    });
    await post('/v1/suppliers/FA-SUP/sampling-plans', { partNumber: 'FORGING-7', inspectionLevel: 'II', aql: 1.0 });
    await post('/v1/lots', { ...FORGING, certificateRefs: CERTIFICATES });
    const plan = await get('/v1/suppliers/FA-SUP/sampling?partNumber=FORGING-7&lotSize=500', integration);
    expect(plan.status).toBe(200);
    receivingPlan = plan.body;
    await post('/v1/lots/FA-FORGE-1/receiving-inspections', {
      inspectionId: 'FA-IQC-1',
      sampleSize: receivingPlan.sampleSize,
      nonconforming: 0,
      inspectedAt: '2026-02-20T09:00:00Z',
      inspectorId: 'IQC-1',
    });
    await post('/v1/lots', { lotNumber: 'FA-L1', partNumber: 'FA-SHAFT', partRevision: 'B', quantity: 5, unit: 'pcs', siteId: 'FA-SITE' });
    await post('/v1/lots/FA-L1/consumptions', { inputLotNumber: 'FA-BAR-1', quantity: 5, unit: 'kg' });
    await post('/v1/lots/FA-L1/consumptions', { inputLotNumber: 'FA-FORGE-1', quantity: 5, unit: 'pcs' });
    await post('/v1/lots/FA-L1/steps', step('OP10', 'FA-M1'));
    await post('/v1/lots/FA-L1/steps', { ...step('OP20', 'FA-F1', 'heat-treat'), operatorId: 'OP-HT', sopRevision: 'SOP-HT-B', sequence: 20 });
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
      expect.objectContaining({ lotNumber: 'FA-FORGE-1' }),
    ]);
    expect(body.form2.materials[0]).not.toHaveProperty('supplierId');
    expect(body.form2.materials[0]).not.toHaveProperty('receiving');
    // Only the step whose operation the promotion marked special, with who did it and under which SOP revision.
    expect(body.form2.specialProcesses).toEqual([
      { operation: 'heat-treat', stepId: 'OP20', operatorId: 'OP-HT', sopRevision: 'SOP-HT-B', equipmentIds: ['FA-F1'], completedAt: '2026-03-02T09:00:00Z' },
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

  it('shows on Form 2 the registered supplier, the certificates received and the ISO 2859-1 receiving decision of a consumed lot (JSON, HTML, PDF)', async () => {
    const forge = (await get('/v1/lots/FA-L1/first-article')).body.form2.materials.find((m: any) => m.lotNumber === 'FA-FORGE-1');
    const [inspected] = (await t.db.pool.query(`SELECT data FROM events WHERE stream_id = 'lot-FA-FORGE-1' AND type = 'ReceivingInspectionRecorded'`)).rows.map(
      (r) => r.data,
    );
    expect(inspected).toMatchObject({ inspectionId: 'FA-IQC-1', decision: 'accepted' });
    expect(forge).toEqual({
      lotNumber: 'FA-FORGE-1',
      partNumber: 'FORGING-7',
      supplierLotNumber: 'FW-88123',
      supplierId: 'FA-SUP',
      supplierApproved: true,
      depth: 1,
      certificateRefs: CERTIFICATES,
      receiving: {
        inspectionId: 'FA-IQC-1',
        decision: 'accepted',
        standing: 'accepted',
        inspectedAt: inspected.inspectedAt,
        severity: 'normal',
        codeLetter: receivingPlan.codeLetter,
        sampleSize: receivingPlan.sampleSize,
        nonconforming: 0,
        acceptNumber: receivingPlan.acceptNumber,
        rejectNumber: receivingPlan.rejectNumber,
        inspections: 1,
      },
    });
    const decision = `accepted (FA-IQC-1, normal ${receivingPlan.codeLetter}, n=${receivingPlan.sampleSize} d=0 Ac ${receivingPlan.acceptNumber}/Re ${receivingPlan.rejectNumber})`;
    const html = await (await fetch(`${t.baseUrl}/v1/lots/FA-L1/first-article`, { headers: { ...reader, accept: 'text/html' } })).text();
    expect(html).toContain('<th scope="col">Receiving (ISO 2859-1)</th>');
    expect(html).toContain(`<td>${CERTIFICATES.join(', ')}</td>`);
    expect(html).toContain(`<td>${decision}</td>`);
    const pdf = Buffer.from(
      await (await fetch(`${t.baseUrl}/v1/lots/FA-L1/first-article`, { headers: { ...reader, accept: 'application/pdf' } })).arrayBuffer(),
    );
    // A table cell may wrap inside an id: compare with the white space taken out.
    const text = execFileSync('/usr/bin/pdftotext', ['-raw', '-', '-'], { input: pdf }).toString().replace(/\s+/g, '');
    for (const ref of CERTIFICATES) expect(text).toContain(ref);
    expect(text).toContain('FA-SUP');
    expect(text).toContain(decision.replace(/\s+/g, ''));
  });

  it('refuses malformed certificateRefs (400) and certificates on a production lot (422), storing nothing', async () => {
    const lot = { ...FORGING, lotNumber: 'FA-FORGE-BAD' };
    for (const certificateRefs of ['FW-COC-1', [''], ['has space'], ['x'.repeat(65)], [7], Array.from({ length: 21 }, (_, i) => `COC-${i}`)]) {
      const answer = await call('POST', '/v1/lots', integration, { ...lot, certificateRefs });
      expect(answer.status).toBe(400);
      expect(answer.body.errors.length).toBeGreaterThan(0);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual(answer.body.errors.map(() => 'certificateRefs'));
    }
    const production = await call('POST', '/v1/lots', integration, {
      lotNumber: 'FA-L-CERT',
      partNumber: 'FA-SHAFT',
      partRevision: 'B',
      quantity: 5,
      unit: 'pcs',
      siteId: 'FA-SITE',
      certificateRefs: ['FW-COC-1'],
    });
    expect(production).toMatchObject({ status: 422, body: { type: expect.stringContaining('certificates-on-production-lot') } });
    const stored = await t.db.pool.query(`SELECT count(*)::int AS n FROM events WHERE stream_id IN ('lot-FA-FORGE-BAD', 'lot-FA-L-CERT')`);
    expect(stored.rows[0].n).toBe(0);
    // Twenty references is the limit, and it is accepted.
    await post('/v1/lots', { ...lot, lotNumber: 'FA-FORGE-20', certificateRefs: Array.from({ length: 20 }, (_, i) => `COC-${i}`) });
  });

  it('shows on each Form 3 row the gauge R&R verdict of the study in force for that gauge at the inspection (JSON, HTML, PDF)', async () => {
    const study = (
      await waitFor(
        () => get('/v1/equipment/FA-G1/msa-studies/FA-MSA-1'),
        (answer) => answer.status === 200,
        { what: 'the study in the read model' },
      )
    ).body;
    expect(study.verdict).toEqual(expect.any(String));
    const [d1, d2] = (await get('/v1/lots/FA-L1/first-article')).body.form3.characteristics;
    // The study in force at 2026-03-03 is FA-MSA-1 (FA-MSA-LATER was performed after); its recorded verdict, not a recomputation.
    expect(d1.gaugeRr).toMatchObject({ verdict: study.verdict, studyId: 'FA-MSA-1', verdictBasis: study.verdictBasis });
    expect(Date.parse(d1.gaugeRr.performedAt)).toBe(Date.parse('2026-02-15T10:00:00Z'));
    expect(d1.gaugeRr.ndc).toBe(study.anova.ndc);
    // FA-D2 has no FAI result yet (no gauge on the row), so no verdict either.
    expect(d2.gaugeRr).toBeUndefined();
    const html = await (await fetch(`${t.baseUrl}/v1/lots/FA-L1/first-article`, { headers: { ...reader, accept: 'text/html' } })).text();
    expect(html).toContain('<th scope="col">Gauge R&amp;R</th>');
    expect(html).toContain(`${study.verdict} (FA-MSA-1`);
    const pdf = Buffer.from(
      await (await fetch(`${t.baseUrl}/v1/lots/FA-L1/first-article`, { headers: { ...reader, accept: 'application/pdf' } })).arrayBuffer(),
    );
    // A table cell may wrap inside an id: compare with the line breaks taken out.
    const text = execFileSync('/usr/bin/pdftotext', ['-raw', '-', '-'], { input: pdf }).toString().replace(/\s+/g, '');
    expect(text).toContain(`${study.verdict}(FA-MSA-1,`);
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
    expect(text).toMatch(/heat-treat.*OP20.*OP-HT.*SOP-HT-B/);
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
    const signature = (password = PASSWORD, personId = 'FA-QE-1') => ({ personId, password, meaning: 'approved' });
    const approval = { faiId: 'FAI-1', type: 'full', signature: signature() };
    const approve = (body: unknown, headers = quality) => call('POST', '/v1/lots/FA-L1/first-article/approval', headers, body);
    const typesOf = async (streamId: string): Promise<string[]> =>
      (await t.db.pool.query(`SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version`, [streamId])).rows.map((r) => r.type);

    beforeAll(async () => {
      await enrolSigner(call, {
        personId: 'FA-QE-1',
        name: 'Quality Engineer',
        siteId: 'FA-SITE',
        password: PASSWORD,
        registeredWith: integration,
        credentialWith: quality,
      });
      await post('/v1/personnel', { personId: 'FA-QE-OTHER', name: 'Other Site Engineer', siteId: 'FA-OTHER' });
    });

    it('refuses approval (422) while a characteristic is missing, listing it, and stores nothing', async () => {
      const before = await typesOf('lot-FA-L1');
      const refused = await approve(approval);
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toContain('missing: FA-D2');
      expect(refused.body.type).toContain('first-article-incomplete');
      expect(await typesOf('lot-FA-L1')).toEqual(before);
    });

    it('refuses bad input (400), an unknown lot (404), an integration key (403), and a rejected signature (403), storing nothing on the lot', async () => {
      await post('/v1/lots/FA-L1/inspections', inspection('FI-2', D2, [25.01]));
      const before = await typesOf('lot-FA-L1');
      expect((await approve({ ...approval, extra: 1 })).status).toBe(400);
      expect((await approve({ ...approval, type: 'half' })).status).toBe(400);
      expect((await approve({ faiId: 'FAI-1', type: 'full' })).status).toBe(400);
      // A plain approvedBy is no longer a way to approve: the signature replaced it.
      expect((await approve({ faiId: 'FAI-1', type: 'full', approvedBy: 'FA-QE-1' })).status).toBe(400);
      expect((await approve({ ...approval, signature: { ...signature(), meaning: 'liked' } })).status).toBe(400);
      expect((await call('POST', '/v1/lots/FA-NOPE/first-article/approval', quality, approval)).status).toBe(404);
      expect((await approve(approval, integration)).status).toBe(403);
      for (const bad of [signature('not-the-password-1'), signature(PASSWORD, 'FA-NOBODY'), signature(PASSWORD, 'FA-QE-OTHER')]) {
        const rejected = await approve({ ...approval, signature: bad });
        expect(rejected).toMatchObject({ status: 403, body: { type: expect.stringContaining('signature-rejected') } });
      }
      expect(await typesOf('lot-FA-L1')).toEqual(before);
    });

    it('approves once every characteristic passed; a later lot on a new machine makes a new FAI due, naming the step', async () => {
      const approved = await approve(approval);
      expect(approved.status).toBe(201);
      // Bound like a release: the approval by the signer, then RecordSigned over the lot stream as it was approved.
      expect((await typesOf('lot-FA-L1')).slice(-2)).toEqual(['FirstArticleApproved', 'RecordSigned']);
      const rows = (await t.db.pool.query(`SELECT type, data, stream_version FROM events WHERE stream_id = 'lot-FA-L1' ORDER BY stream_version DESC LIMIT 2`))
        .rows;
      const [signed, approvedEvent] = rows;
      expect(approvedEvent.data).toMatchObject({ faiId: 'FAI-1', approvedBy: 'FA-QE-1', characteristicIds: ['FA-D1', 'FA-D2'] });
      expect(signed.data).toMatchObject({
        signatureId: 'FAI-1:first-article',
        personId: 'FA-QE-1',
        printedName: 'Quality Engineer',
        meaning: 'approved',
        signs: { streamId: 'lot-FA-L1', streamVersion: Number(approvedEvent.stream_version) - 1 },
        signedFor: { eventType: 'FirstArticleApproved', id: 'FAI-1' },
      });
      expect((await get('/v1/lots/FA-L1/first-article')).body).toMatchObject({ complete: true, missing: [], failed: [] });
      const notDue = await waitFor(
        () => get('/v1/parts/FA-SHAFT/consistency'),
        (answer) => answer.status === 200 && answer.body.lots.some((lot: any) => lot.lotNumber === 'FA-L1'),
        { what: 'FA-L1 in the consistency read model' },
      );
      expect(notDue.body.firstArticle).toMatchObject({ due: false, reasons: [], lastApproved: { faiId: 'FAI-1', lotNumber: 'FA-L1' } });
      expect((await get('/v1/parts/FA-SHAFT/first-article-status')).body).toMatchObject({
        due: false,
        reasons: [],
        lastApproved: { faiId: 'FAI-1', lotNumber: 'FA-L1' },
      });
      expect((await approve(approval)).status).toBe(409);

      await post('/v1/equipment', { equipmentId: 'FA-M2', kind: 'machine', description: 'Second lathe', siteId: 'FA-SITE', calibrationIntervalDays: 365 });
      await post('/v1/lots', { lotNumber: 'FA-L2', partNumber: 'FA-SHAFT', partRevision: 'B', quantity: 5, unit: 'pcs', siteId: 'FA-SITE' });
      const stepWrite = await post('/v1/lots/FA-L2/steps', step('OP10', 'FA-M2'));
      const status = (await get('/v1/parts/FA-SHAFT/first-article-status')).body;
      expect(status).toMatchObject({ due: true, suggestedType: 'partial' });
      // The part's consistency answer shows the same due state beside the lots.
      const consistency = await waitFor(
        () => get('/v1/parts/FA-SHAFT/consistency'),
        (answer) => answer.status === 200 && answer.body.lots.some((lot: any) => lot.lotNumber === 'FA-L2'),
        { what: 'FA-L2 in the consistency read model' },
      );
      expect(consistency.body.firstArticle).toEqual(status);
      // Another site sees the promotion's baseline but no lot of the part: nothing to judge a first article on.
      expect((await get('/v1/parts/FA-SHAFT/consistency', otherSite)).body).toMatchObject({ lots: [], firstArticle: null });
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
