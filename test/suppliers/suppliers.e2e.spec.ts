import { issueTestKey, startTestApp, TEST_ADMIN_KEY, type TestApp } from '@lotstream/testing';
import { lotBody } from './lot-body';

// Suppliers over HTTP: registration, approval, suspension and reinstatement, the ISO 2859-1 plan
// an inspector reads for the next receipt, bad input refused with nothing stored, roles and sites.
describe('suppliers (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let quality: Record<string, string>;
  let operator: Record<string, string>;
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
  const post = async (path: string, body: unknown, headers = quality) => {
    const answer = await call('POST', path, headers, body);
    if (answer.status !== 201) throw new Error(`POST ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const get = (path: string, headers = quality) => call('GET', path, headers);
  const version = async (supplierId: string) => (await call('GET', `/v1/audit/streams/supplier-${supplierId}`, auditor)).body;
  let auditor: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    integration = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    quality = (await issueTestKey(t.baseUrl, 'quality', ['SITE-A'])).headers;
    operator = (await issueTestKey(t.baseUrl, 'operator', ['SITE-A'])).headers;
    otherSite = (await issueTestKey(t.baseUrl, 'quality', ['SITE-B'])).headers;
    auditor = (await issueTestKey(t.baseUrl, 'auditor', ['*'])).headers;
    await post('/v1/suppliers', { supplierId: 'SUP-ACME', name: 'Acme Bar Stock', siteIds: ['SITE-A'] });
    await post('/v1/suppliers/SUP-ACME/approvals', {
      approvalId: 'APR-1',
      partNumbers: ['BAR-42'],
      validFrom: '2026-01-01T00:00:00Z',
      basis: 'audit',
      approvedBy: 'QE-4',
    });
    await post('/v1/suppliers/SUP-ACME/sampling-plans', { partNumber: 'BAR-42', inspectionLevel: 'II', aql: 1.0 }, integration);
  });
  afterAll(() => t?.close());

  it('tells the inspector the plan for the next receipt: lot 1000, level II, AQL 1.0 normal → J, 80 pieces, Ac 2, Re 3', async () => {
    const answer = await get('/v1/suppliers/SUP-ACME/sampling?partNumber=BAR-42&lotSize=1000');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      standard: 'ISO 2859-1',
      inspectionLevel: 'II',
      aql: 1,
      severity: 'normal',
      codeLetter: 'J',
      sampleSize: 80,
      acceptNumber: 2,
      rejectNumber: 3,
      switchingScore: 0,
      history: [],
    });
  });

  it('answers a scorecard for a period with no receipts as such (rate null, not 100 %), 404 for another site, 400 for a bad date', async () => {
    const empty = await get('/v1/suppliers/SUP-ACME/scorecard?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      lotsReceived: 0,
      lotsAccepted: 0,
      lotsNotAccepted: 0,
      lotAcceptanceRate: null,
      samplePpm: null,
      nonconformances: 0,
      returns: 0,
      downstreamNonconformances: 0,
    });
    expect((await get('/v1/suppliers/SUP-ACME/scorecard', otherSite)).status).toBe(404);
    expect((await get('/v1/suppliers/SUP-ACME/scorecard?from=yesterday')).status).toBe(400);
  });

  it('shows approvals with their status now, and the suspension in between', async () => {
    await post('/v1/suppliers', { supplierId: 'SUP-SUSP', name: 'Suspended Ltd', siteIds: ['SITE-A'] });
    await post('/v1/suppliers/SUP-SUSP/approvals', {
      approvalId: 'A',
      commodity: 'bar stock',
      validFrom: '2026-01-01T00:00:00Z',
      basis: 'history',
      approvedBy: 'QE-4',
    });
    await post('/v1/suppliers/SUP-SUSP/suspensions', { reason: 'audit failed', effectiveFrom: '2026-02-01T00:00:00Z' });
    expect((await get('/v1/suppliers/SUP-SUSP')).body).toMatchObject({ suspended: true, approvals: [{ approvalId: 'A', status: 'suspended' }] });
    expect((await call('POST', '/v1/suppliers/SUP-SUSP/suspensions', quality, { reason: 'again', effectiveFrom: '2026-02-02T00:00:00Z' })).status).toBe(409);
    await post('/v1/suppliers/SUP-SUSP/reinstatements', { effectiveFrom: '2026-03-01T00:00:00Z', reinstatedBy: 'QE-4' });
    expect((await get('/v1/suppliers/SUP-SUSP')).body).toMatchObject({ suspended: false, approvals: [{ status: 'approved' }] });
  });

  it('refuses bad input with nothing stored: AQL not preferred (422), lot size 0 or absurd (400), unknown supplier (404), bad body (400)', async () => {
    const before = (await version('SUP-ACME')).events.length;
    const notPreferred = await call('POST', '/v1/suppliers/SUP-ACME/sampling-plans', quality, { partNumber: 'BAR-42', inspectionLevel: 'II', aql: 0.5 });
    expect(notPreferred.status).toBe(422);
    expect(notPreferred.body.type).toContain('aql-not-preferred');
    expect((await call('POST', '/v1/suppliers/SUP-ACME/sampling-plans', quality, { partNumber: 'BAR-42', inspectionLevel: 'IV', aql: 1 })).status).toBe(400);
    expect(
      (await call('POST', '/v1/suppliers/SUP-ACME/approvals', quality, { approvalId: 'X', validFrom: 'yesterday', basis: 'audit', approvedBy: 'Q' })).status,
    ).toBe(400);
    expect(
      (await call('POST', '/v1/suppliers/SUP-ACME/approvals', quality, { approvalId: 'X', validFrom: '2026-01-01T00:00:00Z', basis: 'audit', approvedBy: 'Q' }))
        .status,
    ).toBe(422);
    expect((await version('SUP-ACME')).events.length).toBe(before);
    expect((await get('/v1/suppliers/SUP-ACME/sampling?partNumber=BAR-42&lotSize=0')).status).toBe(400);
    expect((await get('/v1/suppliers/SUP-ACME/sampling?partNumber=BAR-42&lotSize=999999999999')).status).toBe(400);
    expect((await get('/v1/suppliers/SUP-ACME/sampling?partNumber=BAR-42&lotSize=ten')).status).toBe(400);
    expect((await get('/v1/suppliers/SUP-ACME/sampling?partNumber=NOPE&lotSize=100')).status).toBe(404);
    const unknown = await call('POST', '/v1/suppliers/SUP-NONE/approvals', quality, {
      approvalId: 'X',
      partNumbers: ['P'],
      validFrom: '2026-01-01T00:00:00Z',
      basis: 'audit',
      approvedBy: 'Q',
    });
    expect(unknown.status).toBe(404);
    expect((await version('SUP-NONE')).events ?? []).toHaveLength(0);
    expect((await call('POST', '/v1/suppliers', quality, { supplierId: 'SUP-ACME', name: 'Again', siteIds: ['SITE-A'] })).status).toBe(409);
  });

  it('lets quality and integration write, readers read, and no operator write', async () => {
    expect((await call('POST', '/v1/suppliers', operator, { supplierId: 'SUP-OP', name: 'Op', siteIds: ['SITE-A'] })).status).toBe(403);
    expect((await get('/v1/suppliers/SUP-ACME', operator)).status).toBe(200);
    expect((await call('POST', '/v1/suppliers/SUP-ACME/sampling-resumptions', integration, { partNumber: 'BAR-42', resumedBy: 'Q', reason: 'x' })).status).toBe(
      403,
    );
    expect((await call('POST', '/v1/suppliers/SUP-ACME/sampling-resumptions', quality, { partNumber: 'BAR-42', resumedBy: 'Q', reason: 'x' })).status).toBe(
      422,
    );
  });

  it('hides a supplier from keys of other sites (404), and refuses registering for a site the key does not write (403)', async () => {
    expect((await get('/v1/suppliers/SUP-ACME', otherSite)).status).toBe(404);
    expect((await get('/v1/suppliers/SUP-ACME/sampling?partNumber=BAR-42&lotSize=1000', otherSite)).status).toBe(404);
    expect((await call('POST', '/v1/suppliers/SUP-ACME/suspensions', otherSite, { reason: 'x', effectiveFrom: '2026-02-01T00:00:00Z' })).status).toBe(404);
    expect((await call('POST', '/v1/suppliers', otherSite, { supplierId: 'SUP-B', name: 'B', siteIds: ['SITE-A'] })).status).toBe(403);
  });
});

describe('material receipts checked against the approved supplier list (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  const receipt = (lotNumber: string, siteId: string, receivedAt: string, partNumber = 'BAR-42') =>
    lotBody(lotNumber, partNumber, siteId, { kind: 'material', supplierId: 'SUP-R', supplierLotNumber: `R-${lotNumber}`, receivedAt });
  const registered = async (lotNumber: string) =>
    (await call('GET', `/v1/audit/streams/lot-${lotNumber}`, (await issueTestKey(t.baseUrl, 'auditor', ['*'])).headers)).body.events[0].data;

  beforeAll(async () => {
    t = await startTestApp();
    integration = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    expect((await call('POST', '/v1/suppliers', integration, { supplierId: 'SUP-R', name: 'Receipts Inc', siteIds: ['SITE-REC', 'SITE-REF'] })).status).toBe(
      201,
    );
    expect(
      (
        await call('POST', '/v1/suppliers/SUP-R/approvals', integration, {
          approvalId: 'APR-R',
          partNumbers: ['BAR-42'],
          validFrom: '2026-01-01T00:00:00Z',
          validUntil: '2026-07-01T00:00:00Z',
          basis: 'certification',
          approvedBy: 'QE-4',
        })
      ).status,
    ).toBe(201);
    expect((await call('PUT', '/v1/sites/SITE-REF/policy', admin, { supplierApproval: 'refuse' })).status).toBe(201);
  });
  afterAll(() => t?.close());

  it('stores a receipt from an approved supplier as approved, and one outside the approval as flagged (record)', async () => {
    expect((await call('POST', '/v1/lots', integration, receipt('RC-OK', 'SITE-REC', '2026-03-01T08:00:00Z'))).status).toBe(201);
    expect(await registered('RC-OK')).toMatchObject({ supplierId: 'SUP-R', receivedAt: '2026-03-01T08:00:00Z', supplierApproved: true });
    expect((await call('POST', '/v1/lots', integration, receipt('RC-LATE', 'SITE-REC', '2026-08-01T08:00:00Z'))).status).toBe(201);
    expect(await registered('RC-LATE')).toMatchObject({ supplierApproved: false });
  });

  it('refuses a receipt from a supplier not approved for the part when the site policy says refuse (422 supplier-not-approved), nothing stored', async () => {
    const refused = await call('POST', '/v1/lots', integration, receipt('RC-REF', 'SITE-REF', '2026-03-01T08:00:00Z', 'OTHER-PART'));
    expect(refused.status).toBe(422);
    expect(refused.body.type).toContain('supplier-not-approved');
    expect((await call('GET', '/v1/lots/RC-REF', integration)).status).toBe(404);
    expect((await call('POST', '/v1/lots', integration, receipt('RC-REF2', 'SITE-REF', '2026-03-01T08:00:00Z'))).status).toBe(201);
  });

  it('refuses an unregistered supplier id (422 supplier-not-registered) and still takes the free-text supplier', async () => {
    const unknown = await call('POST', '/v1/lots', integration, { ...receipt('RC-UNK', 'SITE-REC', '2026-03-01T08:00:00Z'), supplierId: 'SUP-NOPE' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.type).toContain('supplier-not-registered');
    const { supplierId, receivedAt, ...freeText } = receipt('RC-FREE', 'SITE-REC', '2026-03-01T08:00:00Z');
    expect([supplierId, receivedAt]).toBeDefined();
    expect((await call('POST', '/v1/lots', integration, { ...freeText, supplier: 'Some Mill' })).status).toBe(201);
  });
});

describe('incoming inspection with switching over HTTP (e2e)', () => {
  let t: TestApp;
  let quality: Record<string, string>;
  let receiving: Record<string, string>;
  let n = 0;
  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  const sampling = async () => (await call('GET', '/v1/suppliers/SUP-SW/sampling?partNumber=BAR-SW&lotSize=1000', quality)).body;
  /** Receives a lot of 1000 and inspects it as the plan says; returns the recorded decision. */
  async function receiveAndInspect(nonconforming: number) {
    const lotNumber = `SW-${++n}`;
    const registered = await call('POST', '/v1/lots', receiving, {
      lotNumber,
      partNumber: 'BAR-SW',
      partRevision: 'A',
      quantity: 1000,
      unit: 'pcs',
      siteId: 'SITE-SW',
      kind: 'material',
      supplierId: 'SUP-SW',
      receivedAt: `2026-04-${String(n).padStart(2, '0')}T07:00:00Z`,
    });
    expect(registered.status).toBe(201);
    const plan = await sampling();
    const inspected = await call('POST', `/v1/lots/${lotNumber}/receiving-inspections`, quality, {
      inspectionId: `IQC-${lotNumber}`,
      sampleSize: plan.sampleSize,
      nonconforming,
      inspectedAt: `2026-04-${String(n).padStart(2, '0')}T09:00:00Z`,
      inspectorId: 'IQC-1',
    });
    expect(inspected.status).toBe(201);
    return { lotNumber, plan };
  }

  beforeAll(async () => {
    t = await startTestApp();
    quality = (await issueTestKey(t.baseUrl, 'quality', ['SITE-SW'])).headers;
    receiving = (await issueTestKey(t.baseUrl, 'integration', ['SITE-SW'])).headers;
    for (const [path, body] of [
      ['/v1/suppliers', { supplierId: 'SUP-SW', name: 'Switching Steel', siteIds: ['SITE-SW'] }],
      [
        '/v1/suppliers/SUP-SW/approvals',
        { approvalId: 'APR-SW', partNumbers: ['BAR-SW'], validFrom: '2026-01-01T00:00:00Z', basis: 'first-article', approvedBy: 'QE-1' },
      ],
      ['/v1/suppliers/SUP-SW/sampling-plans', { partNumber: 'BAR-SW', inspectionLevel: 'II', aql: 1.0 }],
    ] as const) {
      expect((await call('POST', path, quality, body)).status).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('goes normal → tightened → normal → reduced → normal with real receipts, each sampled by its table', async () => {
    expect(await sampling()).toMatchObject({ severity: 'normal', codeLetter: 'J', sampleSize: 80, acceptNumber: 2, rejectNumber: 3 });
    // Two of two lots not accepted (3 nonconforming ≥ Re 3): tightened (9.3.2).
    await receiveAndInspect(3);
    const second = await receiveAndInspect(3);
    expect(await sampling()).toMatchObject({ severity: 'tightened', sampleSize: 80, acceptNumber: 1, rejectNumber: 2, history: ['SW-1', second.lotNumber] });
    // Five consecutive accepted on tightened: normal (9.3.4), score 0.
    for (let i = 0; i < 5; i++) await receiveAndInspect(0);
    expect(await sampling()).toMatchObject({ severity: 'normal', switchingScore: 0, acceptNumber: 2 });
    // Ac 2: +3 per lot that also passes one AQL step tighter (0.65: Ac 1); ten lots reach 30 → reduced.
    for (let i = 0; i < 9; i++) await receiveAndInspect(1);
    expect(await sampling()).toMatchObject({ severity: 'normal', switchingScore: 27 });
    await receiveAndInspect(0);
    expect(await sampling()).toMatchObject({ severity: 'reduced', codeLetter: 'J', sampleSize: 32, acceptNumber: 1, rejectNumber: 3 });
    // A lot not accepted on reduced (3 ≥ Re 3): back to normal.
    const last = await receiveAndInspect(3);
    expect(last.plan.sampleSize).toBe(32);
    expect(await sampling()).toMatchObject({ severity: 'normal', switchingScore: 0, sampleSize: 80, history: [last.lotNumber] });
    // The answer as of a past moment replays from the supplier's events.
    const auditor = (await issueTestKey(t.baseUrl, 'auditor', ['SITE-SW'])).headers;
    const events = (await call('GET', '/v1/audit/streams/supplier-SUP-SW', auditor)).body.events;
    const secondInspection = events.filter((e: any) => e.type === 'ReceivingInspectionRecorded')[1];
    const asOf = encodeURIComponent(secondInspection.recordedAt);
    const before = await call('GET', `/v1/suppliers/SUP-SW/sampling?partNumber=BAR-SW&lotSize=1000&asOf=${asOf}`, quality);
    expect(before.body).toMatchObject({ severity: 'tightened' });
  });

  it('refuses to consume or split a lot not accepted at IQC (422 lot-not-accepted) until a nonconformance on it is dispositioned use-as-is', async () => {
    expect(
      (
        await call('POST', '/v1/lots', receiving, {
          lotNumber: 'SW-PROD',
          partNumber: 'SHAFT',
          partRevision: 'A',
          quantity: 10,
          unit: 'pcs',
          siteId: 'SITE-SW',
        })
      ).status,
    ).toBe(201);
    const consume = (inputLotNumber: string) => call('POST', '/v1/lots/SW-PROD/consumptions', receiving, { inputLotNumber, quantity: 5, unit: 'pcs' });
    const refused = await consume('SW-1');
    expect(refused.status).toBe(422);
    expect(refused.body.type).toContain('lot-not-accepted');
    expect((await consume('SW-3')).status).toBe(201);
    // Nor is it split (which would carry the not-accepted material on under a new lot number); nothing stored.
    const split = () => call('POST', '/v1/lots/SW-1/splits', receiving, { childLotNumber: 'SW-1-a', quantity: 10 });
    const versions = async () =>
      (await t.db.pool.query(`SELECT stream_id, max(stream_version)::int AS v FROM events WHERE stream_id IN ('lot-SW-1', 'lot-SW-1-a') GROUP BY 1 ORDER BY 1`))
        .rows;
    const beforeSplit = await versions();
    const refusedSplit = await split();
    expect(refusedSplit.body).toMatchObject({ status: 422, type: expect.stringContaining('lot-not-accepted') });
    expect(await versions()).toEqual(beforeSplit);
    expect(beforeSplit.map((r: { stream_id: string }) => r.stream_id)).toEqual(['lot-SW-1']);
    expect(
      (await call('POST', '/v1/lots/SW-1/nonconformances', quality, { ncId: 'NC-SW-1', description: '3 of 80 bars over length', quantityAffected: 1000 }))
        .status,
    ).toBe(201);
    expect((await call('POST', '/v1/lots/SW-1/nonconformances/NC-SW-1/disposition', quality, { disposition: 'use-as-is', authorizedBy: 'MRB-1' })).status).toBe(
      201,
    );
    expect((await consume('SW-1')).status).toBe(201);
    expect((await split()).status).toBe(201);
  });

  it('refuses a sample size other than the plan’s, and more nonconforming than sampled (422, nothing stored)', async () => {
    expect(
      (
        await call('POST', '/v1/lots', receiving, {
          lotNumber: 'SW-BAD',
          partNumber: 'BAR-SW',
          partRevision: 'A',
          quantity: 1000,
          unit: 'pcs',
          siteId: 'SITE-SW',
          kind: 'material',
          supplierId: 'SUP-SW',
        })
      ).status,
    ).toBe(201);
    const body = { inspectionId: 'IQC-BAD', nonconforming: 0, inspectedAt: '2026-05-01T09:00:00Z', inspectorId: 'IQC-1' };
    const wrongSize = await call('POST', '/v1/lots/SW-BAD/receiving-inspections', quality, { ...body, sampleSize: 79 });
    expect(wrongSize.status).toBe(422);
    expect(wrongSize.body.type).toContain('sample-size-not-plan');
    expect((await call('POST', '/v1/lots/SW-BAD/receiving-inspections', quality, { ...body, sampleSize: 80, nonconforming: 81 })).status).toBe(422);
    expect((await call('POST', '/v1/lots/SW-BAD/receiving-inspections', quality, { ...body, sampleSize: -1 })).status).toBe(400);
    expect((await call('POST', '/v1/lots/SW-NONE/receiving-inspections', quality, { ...body, sampleSize: 80 })).status).toBe(404);
    expect((await sampling()).history).toEqual(['SW-18']);
    // A 100 % inspection of the whole lot is taken.
    expect((await call('POST', '/v1/lots/SW-BAD/receiving-inspections', quality, { ...body, sampleSize: 1000 })).status).toBe(201);
  });
});
