import { issueTestKey, startTestApp, type TestApp, waitFor } from '@lotstream/testing';
import { lotBody as lot } from './lot-body';

// What a supplier's material does downstream, over HTTP: the capability of the parts made from it
// (GET …/capability?groupBy=supplier) and its scorecard, each checked against numbers worked out
// in the test from the raw data, not by the product's code.

type Headers = Record<string, string>;

async function call(baseUrl: string, method: string, path: string, headers: Headers, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
}

/** A client bound to one app: `post` insists on 201. */
function client(t: TestApp) {
  const request = (method: string, path: string, headers: Headers, body?: unknown) => call(t.baseUrl, method, path, headers, body);
  const post = async (path: string, body: unknown, headers: Headers) => {
    const answer = await request('POST', path, headers, body);
    if (answer.status !== 201) throw new Error(`POST ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  return { request, post };
}

describe('capability by supplier (e2e)', () => {
  let t: TestApp;
  let writer: Headers;
  let reader: Headers;
  let otherSite: Headers;
  let api: ReturnType<typeof client>;

  const SITE = 'SITE-CAP';
  const PART = 'SHAFT-CAP';
  const CHARACTERISTIC = 'D-OUTER';
  const LSL = 24.95;
  const USL = 25.05;
  const path = `/v1/parts/${PART}/characteristics/${CHARACTERISTIC}/capability`;

  // Five values per inspection: a spread pattern rotated per lot, scaled and shifted.
  const PATTERN = [-2, -1, 0, 1, 2];
  const values = (i: number, centre: number, step: number) =>
    PATTERN.map((_, j) => Math.round((centre + 0.0005 * ((i % 3) - 1) + step * PATTERN[(i + j) % 5]) * 10000) / 10000);
  // SUP-STEADY's bar gives ±0.002 mm around 25.000; SUP-LOOSE's ±0.008 mm around 25.012.
  const steady = (i: number) => values(i, 25, 0.001);
  const loose = (i: number) => values(i, 25.012, 0.004);

  /** Every production lot of the scenario: its material, and its one subgroup. */
  const lots: Array<{ lotNumber: string; inputs: string[]; measurements: number[] }> = [
    // Through an intermediate lot: SUP-STEADY bar → BLANK-1 (a production lot of another part) → S-xx.
    ...Array.from({ length: 8 }, (_, i) => ({ lotNumber: `S-${i + 1}`, inputs: ['BLANK-1'], measurements: steady(i) })),
    // Through a split: SUP-LOOSE bar M-LOOSE → M-LOOSE-A → W-xx.
    ...Array.from({ length: 8 }, (_, i) => ({ lotNumber: `W-${i + 1}`, inputs: ['M-LOOSE-A'], measurements: loose(i) })),
    // Both suppliers' material: counts in both groups.
    { lotNumber: 'X-1', inputs: ['BLANK-1', 'M-LOOSE-A'], measurements: loose(8) },
    // A free-text supplier: unverified.
    ...Array.from({ length: 3 }, (_, i) => ({ lotNumber: `F-${i + 1}`, inputs: ['M-FREE'], measurements: steady(i + 3) })),
    // No material recorded.
    ...Array.from({ length: 2 }, (_, i) => ({ lotNumber: `N-${i + 1}`, inputs: [], measurements: steady(i + 5) })),
    // Material received at a site the reader's key does not see: its supplier is not shown to it.
    { lotNumber: 'H-1', inputs: ['M-ELSE'], measurements: steady(7) },
  ];
  const subgroupsOf = (lotNumbers: readonly string[]) => lots.filter((l) => lotNumbers.includes(l.lotNumber)).map((l) => l.measurements);

  /**
   * The indices from the raw numbers, by the textbook formulas (AIAG SPC manual): σ within = R̄/d2
   * with d2 = 2.326 for subgroups of 5, σ overall = the sample standard deviation of all values.
   */
  function expectedIndices(subgroups: number[][]) {
    const all = subgroups.flat();
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const rBar = subgroups.map((s) => Math.max(...s) - Math.min(...s)).reduce((a, b) => a + b, 0) / subgroups.length;
    const within = rBar / 2.326;
    const overall = Math.sqrt(all.reduce((a, x) => a + (x - mean) ** 2, 0) / (all.length - 1));
    const nearest = Math.min(USL - mean, mean - LSL);
    return {
      n: all.length,
      mean,
      sigmaWithin: within,
      sigmaOverall: overall,
      cp: (USL - LSL) / (6 * within),
      cpk: nearest / (3 * within),
      pp: (USL - LSL) / (6 * overall),
      ppk: nearest / (3 * overall),
    };
  }
  function expectIndices(answer: Record<string, number>, lotNumbers: readonly string[]) {
    const expected = expectedIndices(subgroupsOf(lotNumbers));
    for (const [key, value] of Object.entries(expected)) expect([key, answer[key]]).toEqual([key, expect.closeTo(value, 6)]);
  }

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t);
    writer = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    reader = (await issueTestKey(t.baseUrl, 'quality', [SITE])).headers;
    otherSite = (await issueTestKey(t.baseUrl, 'quality', ['SITE-ELSEWHERE'])).headers;
    const { post } = api;

    await post('/v1/equipment', { equipmentId: 'GAUGE-CAP', kind: 'gauge', description: 'micrometer', siteId: SITE, calibrationIntervalDays: 180 }, writer);
    await post(
      '/v1/equipment/GAUGE-CAP/calibrations',
      {
        calibrationId: 'CAL-CAP',
        performedAt: '2026-05-01T00:00:00Z',
        asFound: 'in-tolerance',
        asLeft: 'in-tolerance',
        nextDueAt: '2027-05-01T00:00:00Z',
        certificateRef: 'CERT-CAP',
        performedBy: 'Lab A',
      },
      writer,
    );
    for (const [supplierId, name] of [
      ['SUP-STEADY', 'Steady Steel'],
      ['SUP-LOOSE', 'Loose Metals'],
    ]) {
      await post('/v1/suppliers', { supplierId, name, siteIds: [SITE] }, reader);
      await post(
        `/v1/suppliers/${supplierId}/approvals`,
        { approvalId: `APR-${supplierId}`, partNumbers: ['BAR-CAP'], validFrom: '2026-01-01T00:00:00Z', basis: 'audit', approvedBy: 'QE-1' },
        reader,
      );
    }
    const received = { kind: 'material', receivedAt: '2026-05-20T07:00:00Z' };
    await post('/v1/lots', lot('M-STEADY', 'BAR-CAP', SITE, { ...received, supplierId: 'SUP-STEADY' }), writer);
    await post('/v1/lots', lot('M-LOOSE', 'BAR-CAP', SITE, { ...received, supplierId: 'SUP-LOOSE' }), writer);
    await post('/v1/lots', lot('M-FREE', 'BAR-CAP', SITE, { kind: 'material', supplier: 'Corner Mill' }), writer);
    await post('/v1/suppliers', { supplierId: 'SUP-ELSE', name: 'Elsewhere Alloys', siteIds: ['SITE-ELSEWHERE'] }, writer);
    await post(
      '/v1/suppliers/SUP-ELSE/approvals',
      { approvalId: 'APR-ELSE', partNumbers: ['BAR-CAP'], validFrom: '2026-01-01T00:00:00Z', basis: 'audit', approvedBy: 'QE-2' },
      writer,
    );
    await post('/v1/lots', lot('M-ELSE', 'BAR-CAP', 'SITE-ELSEWHERE', { ...received, supplierId: 'SUP-ELSE' }), writer);
    await post('/v1/lots/M-LOOSE/splits', { childLotNumber: 'M-LOOSE-A', quantity: 500 }, writer);
    await post('/v1/lots', lot('BLANK-1', 'BLANK-CAP', SITE), writer);
    await post('/v1/lots/BLANK-1/consumptions', { inputLotNumber: 'M-STEADY', quantity: 200, unit: 'pcs' }, writer);

    for (const [k, { lotNumber, inputs, measurements }] of lots.entries()) {
      await post('/v1/lots', lot(lotNumber, PART, SITE, { quantity: 10 }), writer);
      for (const inputLotNumber of inputs) await post(`/v1/lots/${lotNumber}/consumptions`, { inputLotNumber, quantity: 10, unit: 'pcs' }, writer);
      await post(
        `/v1/lots/${lotNumber}/inspections`,
        {
          inspectionId: `INS-${lotNumber}`,
          stage: 'IPQC',
          characteristic: { id: CHARACTERISTIC, lsl: LSL, usl: USL, nominal: 25, unit: 'mm' },
          measurements,
          gaugeId: 'GAUGE-CAP',
          inspectorId: 'QC-1',
          inspectedAt: new Date(Date.parse('2026-06-01T08:00:00Z') + k * 600_000).toISOString(),
        },
        writer,
      );
    }
  }, 180_000);
  afterAll(() => t?.close());

  const steadyLots = [...Array.from({ length: 8 }, (_, i) => `S-${i + 1}`), 'X-1'];
  const looseLots = [...Array.from({ length: 8 }, (_, i) => `W-${i + 1}`), 'X-1'];
  const groupLots = [looseLots, steadyLots, ['F-1', 'F-2', 'F-3'], ['N-1', 'N-2', 'H-1']];

  /**
   * The grouped answer once the read models (capability facts and genealogy, projected apart) hold
   * every lot, its consumptions and its inspection: until then lots may sit in the wrong group.
   */
  const grouped = () =>
    waitFor(
      () => api.request('GET', `${path}?groupBy=supplier`, reader),
      (r) => r.status === 200 && JSON.stringify(r.body.groups.map((g: { lots: string[] }) => g.lots)) === JSON.stringify(groupLots),
      { what: 'capability by supplier over every lot' },
    );

  it('splits the capability by the supplier of each lot’s material, through intermediate lots and splits; a lot of both counts in both', async () => {
    const answer = (await grouped()).body;
    expect(answer).toMatchObject({ partNumber: PART, characteristicId: CHARACTERISTIC, groupBy: 'supplier', lots: lots.length, mixedLots: ['X-1'] });
    expect(answer.groups.map((g: any) => [g.source, g.supplierId, g.unverifiedSuppliers, g.lots, g.mixedLots, g.mixed])).toEqual([
      ['supplier', 'SUP-LOOSE', [], looseLots, ['X-1'], true],
      ['supplier', 'SUP-STEADY', [], steadyLots, ['X-1'], true],
      ['unverified', null, ['Corner Mill'], ['F-1', 'F-2', 'F-3'], [], false],
      ['no-supplier', null, [], ['N-1', 'N-2', 'H-1'], [], false],
    ]);
    const [byLoose, bySteady] = answer.groups;
    expectIndices(byLoose.capability, looseLots);
    expectIndices(bySteady.capability, steadyLots);
    // Which supplier's material makes the process less capable: clearly SUP-LOOSE's.
    expect(bySteady.capability.cpk).toBeGreaterThan(2 * byLoose.capability.cpk);
    expect(byLoose.capability.points.map((p: any) => p.lotNumber)).toEqual(looseLots);
    expect(byLoose.capability).toMatchObject({ subgroups: 9, subgroupSize: 5, chart: 'xbar-r', lsl: LSL, usl: USL });
    expect(byLoose.spcError).toBeNull();
    expectIndices(answer.groups[2].capability, ['F-1', 'F-2', 'F-3']);
  });

  it('leaves the ungrouped answer as it was: every lot once, the same indices as the raw numbers give', async () => {
    await grouped();
    const plain = await api.request('GET', path, reader);
    expect(plain.status).toBe(200);
    expect(plain.body.groupBy).toBeUndefined();
    expect(plain.body.groups).toBeUndefined();
    expect(plain.body.subgroups).toBe(lots.length);
    expect(plain.body.points.map((p: any) => p.lotNumber)).toEqual(lots.map((l) => l.lotNumber));
    expectIndices(
      plain.body,
      lots.map((l) => l.lotNumber),
    );
    // The filters of the ungrouped route apply to the grouped one: one stage, a window.
    const windowed = await api.request('GET', `${path}?groupBy=supplier&stage=IPQC&from=2026-06-01T08:00:00Z&to=2026-06-01T09:00:00Z`, reader);
    expect(windowed.status).toBe(200);
    expect(windowed.body).toMatchObject({
      lots: 6,
      subgroups: 6,
      mixedLots: [],
      groups: [{ supplierId: 'SUP-STEADY', lots: ['S-1', 'S-2', 'S-3', 'S-4', 'S-5', 'S-6'] }],
    });
    expect(windowed.body.groups).toHaveLength(1);
  });

  it('shows the supplier of material from another site only to a key that sees that site', async () => {
    await grouped();
    expect(JSON.stringify((await api.request('GET', `${path}?groupBy=supplier`, reader)).body)).not.toContain('SUP-ELSE');
    const both = (await issueTestKey(t.baseUrl, 'quality', [SITE, 'SITE-ELSEWHERE'])).headers;
    const answer = (await api.request('GET', `${path}?groupBy=supplier`, both)).body;
    expect(answer.groups.map((g: any) => [g.supplierId ?? g.source, g.lots])).toEqual([
      ['SUP-ELSE', ['H-1']],
      ['SUP-LOOSE', looseLots],
      ['SUP-STEADY', steadyLots],
      ['unverified', ['F-1', 'F-2', 'F-3']],
      ['no-supplier', ['N-1', 'N-2']],
    ]);
    expect(answer.groups[0]).toMatchObject({ capability: { n: 5, subgroups: 1, points: [{ lotNumber: 'H-1' }] }, spcError: null });
  });

  it('refuses any other groupBy (400 problem+json), answers 404 for a key of another site and without data', async () => {
    await grouped();
    for (const query of ['groupBy=part', 'groupBy=', 'groupBy=SUPPLIER', 'groupBy=supplier&groupBy=supplier']) {
      const bad = await api.request('GET', `${path}?${query}`, reader);
      expect([query, bad.status, bad.contentType]).toEqual([query, 400, expect.stringContaining('application/problem+json')]);
    }
    const hidden = await api.request('GET', `${path}?groupBy=supplier`, otherSite);
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body)).not.toContain('SUP-');
    expect((await api.request('GET', `${path}?groupBy=supplier&stage=OQC`, reader)).status).toBe(404);
  });

  it('documents groupBy in the OpenAPI description of the route', async () => {
    const document = (await (await fetch(`${t.baseUrl}/docs/openapi.json`)).json()) as { paths: Record<string, any> };
    const operation = document.paths['/v1/parts/{partNumber}/characteristics/{characteristicId}/capability'].get;
    const groupBy = operation.parameters.find((p: any) => p.name === 'groupBy');
    expect(groupBy).toMatchObject({ in: 'query', required: false, schema: { enum: ['supplier'] } });
    expect(`${groupBy.description} ${operation.description}`).toContain('counts in both groups');
  });
});

describe('supplier scorecard against a hand count (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof client>;
  let quality: Headers;
  let receiving: Headers;
  let auditor: Headers;
  const SITE = 'SITE-SC';
  const scorecard = (query = '') => api.request('GET', `/v1/suppliers/SUP-HC/scorecard${query}`, quality);
  const WINDOW = '?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z';

  const receive = (lotNumber: string, receivedAt: string) =>
    api.post('/v1/lots', lot(lotNumber, 'BAR-HC', SITE, { kind: 'material', supplierId: 'SUP-HC', receivedAt }), receiving);
  /** Inspects a lot of 1000 as the plan for the next receipt says; every one here is normal J: 80 pieces, Ac 2, Re 3. */
  async function inspect(lotNumber: string, nonconforming: number, inspectedAt: string, decision: string) {
    const plan = (await api.request('GET', '/v1/suppliers/SUP-HC/sampling?partNumber=BAR-HC&lotSize=1000', quality)).body;
    expect([lotNumber, plan]).toEqual([lotNumber, expect.objectContaining({ severity: 'normal', sampleSize: 80, acceptNumber: 2, rejectNumber: 3 })]);
    await api.post(
      `/v1/lots/${lotNumber}/receiving-inspections`,
      { inspectionId: `IQC-${lotNumber}`, sampleSize: 80, nonconforming, inspectedAt, inspectorId: 'IQC-1' },
      quality,
    );
    // The decision the service computed, as stored on the lot's stream.
    const { events } = (await api.request('GET', `/v1/audit/streams/lot-${lotNumber}`, auditor)).body;
    const recorded = events.filter((e: { type: string }) => e.type === 'ReceivingInspectionRecorded');
    expect([lotNumber, recorded.map((e: { data: { decision: string } }) => e.data.decision)]).toEqual([lotNumber, [decision]]);
  }
  const nonconformance = async (lotNumber: string, ncId: string, disposition?: string) => {
    await api.post(`/v1/lots/${lotNumber}/nonconformances`, { ncId, description: `finding on ${lotNumber}`, quantityAffected: 5 }, quality);
    if (disposition) await api.post(`/v1/lots/${lotNumber}/nonconformances/${ncId}/disposition`, { disposition, authorizedBy: 'MRB-1' }, quality);
  };
  const consume = (lotNumber: string, inputLotNumber: string, quantity: number) =>
    api.post(`/v1/lots/${lotNumber}/consumptions`, { inputLotNumber, quantity, unit: 'pcs' }, receiving);

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t);
    quality = (await issueTestKey(t.baseUrl, 'quality', [SITE])).headers;
    receiving = (await issueTestKey(t.baseUrl, 'integration', [SITE])).headers;
    auditor = (await issueTestKey(t.baseUrl, 'auditor', [SITE])).headers;
    await api.post('/v1/suppliers', { supplierId: 'SUP-HC', name: 'Hand Count Bar', siteIds: [SITE] }, quality);
    await api.post(
      '/v1/suppliers/SUP-HC/approvals',
      { approvalId: 'APR-HC', partNumbers: ['BAR-HC'], validFrom: '2026-01-01T00:00:00Z', basis: 'audit', approvedBy: 'QE-1' },
      quality,
    );
    await api.post('/v1/suppliers/SUP-HC/sampling-plans', { partNumber: 'BAR-HC', inspectionLevel: 'II', aql: 1.0 }, quality);

    // HC-0: received the second before the window opens; 2 of 80 nonconforming → accepted (Ac 2).
    await receive('HC-0', '2026-02-28T23:59:59Z');
    await inspect('HC-0', 2, '2026-03-01T09:00:00Z', 'accepted');
    // HC-1: 0 of 80 → accepted; later a nonconformance on it, reworked.
    await receive('HC-1', '2026-03-02T07:00:00Z');
    await inspect('HC-1', 0, '2026-03-02T09:00:00Z', 'accepted');
    await nonconformance('HC-1', 'NC-HC-1', 'rework');
    // HC-2: 1 of 80 → accepted.
    await receive('HC-2', '2026-03-05T07:00:00Z');
    await inspect('HC-2', 1, '2026-03-05T09:00:00Z', 'accepted');
    // HC-3: 3 of 80 (Re 3) → not accepted; its nonconformance is dispositioned return-to-supplier.
    await receive('HC-3', '2026-03-09T07:00:00Z');
    await inspect('HC-3', 3, '2026-03-09T09:00:00Z', 'not-accepted');
    await nonconformance('HC-3', 'NC-HC-3', 'return-to-supplier');
    // HC-4: 0 of 80 → accepted; made into PROD-HC, which goes into ASSY-HC: a nonconformance on each.
    await receive('HC-4', '2026-03-12T07:00:00Z');
    await inspect('HC-4', 0, '2026-03-12T09:00:00Z', 'accepted');
    await api.post('/v1/lots', lot('PROD-HC', 'SHAFT-HC', SITE, { quantity: 10 }), receiving);
    await consume('PROD-HC', 'HC-4', 10);
    await api.post('/v1/lots', lot('ASSY-HC', 'PUMP-HC', SITE, { quantity: 5 }), receiving);
    await consume('ASSY-HC', 'PROD-HC', 5);
    await nonconformance('PROD-HC', 'NC-PROD-HC');
    await nonconformance('ASSY-HC', 'NC-ASSY-HC', 'scrap');
    // HC-5: received, not yet inspected.
    await receive('HC-5', '2026-03-20T07:00:00Z');
    // HC-6: received at the window's end (to is exclusive); 4 of 80 → not accepted, returned.
    await receive('HC-6', '2026-04-01T00:00:00Z');
    await inspect('HC-6', 4, '2026-04-01T09:00:00Z', 'not-accepted');
    await nonconformance('HC-6', 'NC-HC-6', 'return-to-supplier');
    // Someone else's material with a downstream nonconformance: never SUP-HC's.
    await api.post('/v1/lots', lot('M-OTHER', 'BAR-HC', SITE, { kind: 'material', supplier: 'Other Mill' }), receiving);
    await api.post('/v1/lots', lot('PROD-OTHER', 'SHAFT-HC', SITE, { quantity: 10 }), receiving);
    await consume('PROD-OTHER', 'M-OTHER', 10);
    await nonconformance('PROD-OTHER', 'NC-PROD-OTHER');
  }, 120_000);
  afterAll(() => t?.close());

  // Over all time, by hand: received HC-0…HC-6 = 7; decided 6, of which accepted HC-0, 1, 2, 4 = 4
  // and not accepted HC-3, 6 = 2; rate 4/6; nonconforming in samples 2+0+1+3+0+4 = 10 of 6 × 80 =
  // 480 → 10/480 × 1e6 ppm; nonconformances on its lots NC-HC-1, 3, 6 = 3, returned NC-HC-3, 6 = 2;
  // downstream NC-PROD-HC and NC-ASSY-HC = 2 (NC-PROD-OTHER is another supplier's).
  const ALL_TIME = {
    lotsReceived: 7,
    lotsAccepted: 4,
    lotsNotAccepted: 2,
    lotAcceptanceRate: 4 / 6,
    samplePpm: (10 / 480) * 1e6,
    nonconformances: 3,
    returns: 2,
    downstreamNonconformances: 2,
  };
  const figures = (answer: Record<string, unknown>) => Object.fromEntries(Object.keys(ALL_TIME).map((key) => [key, answer[key]]));
  const caughtUp = () =>
    waitFor(
      () => scorecard(),
      (r) => r.status === 200 && JSON.stringify(figures(r.body)) === JSON.stringify(figures(ALL_TIME)),
      { what: 'the scorecard over all receipts' },
    );

  it('counts every receipt over all time as worked out by hand', async () => {
    const answer = (await caughtUp()).body;
    expect(figures(answer)).toEqual({ ...ALL_TIME, lotAcceptanceRate: expect.closeTo(4 / 6, 12), samplePpm: expect.closeTo(20833.333333, 5) });
    expect(answer).toMatchObject({ supplierId: 'SUP-HC', from: null, to: null });
  });

  it('counts only the receipts in [from, to): HC-0 (a second early) and HC-6 (at to) stay out with their nonconformances', async () => {
    await caughtUp();
    const answer = await scorecard(WINDOW);
    expect(answer.status).toBe(200);
    // By hand: received HC-1…HC-5 = 5; decided HC-1…HC-4 = 4 (HC-5 not yet inspected): accepted HC-1,
    // 2, 4 = 3, not accepted HC-3 = 1, rate 3/4; samples 0+1+3+0 = 4 nonconforming of 4 × 80 = 320 →
    // 12 500 ppm; nonconformances NC-HC-1 and NC-HC-3 = 2, returned NC-HC-3 = 1; downstream
    // NC-PROD-HC and NC-ASSY-HC = 2 (made from HC-4).
    expect(answer.body).toEqual({
      supplierId: 'SUP-HC',
      from: '2026-03-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
      lotsReceived: 5,
      lotsAccepted: 3,
      lotsNotAccepted: 1,
      lotAcceptanceRate: 0.75,
      samplePpm: 12500,
      nonconformances: 2,
      returns: 1,
      downstreamNonconformances: 2,
    });
  });

  it('says so when a period has no receipts, or none decided yet: no rate from nothing', async () => {
    await caughtUp();
    const nothing = await scorecard('?from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z');
    // Every count 0, and the two ratios null: there is nothing to divide by.
    const counts = Object.fromEntries(Object.keys(ALL_TIME).map((key) => [key, 0]));
    const noRatios = { lotAcceptanceRate: null, samplePpm: null };
    expect(nothing.status).toBe(200);
    expect(figures(nothing.body)).toEqual({ ...counts, ...noRatios });
    // Only HC-5, received and not inspected: one lot received, nothing decided, no rate and no ppm.
    const undecided = await scorecard('?from=2026-03-15T00:00:00Z&to=2026-03-25T00:00:00Z');
    expect(figures(undecided.body)).toEqual({ ...counts, ...noRatios, lotsReceived: 1 });
  });
});
