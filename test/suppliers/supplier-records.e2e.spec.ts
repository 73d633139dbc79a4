import { issueTestKey, startTestApp, type TestApp, waitFor } from '@lotstream/testing';

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

const lot = (lotNumber: string, partNumber: string, siteId: string, extra: Record<string, unknown> = {}) => ({
  lotNumber,
  partNumber,
  partRevision: 'A',
  quantity: 1000,
  unit: 'pcs',
  siteId,
  ...extra,
});

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
    writer = (await issueTestKey(t.baseUrl, 'integration', [SITE])).headers;
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
  const groupLots = [looseLots, steadyLots, ['F-1', 'F-2', 'F-3'], ['N-1', 'N-2']];

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
      ['no-supplier', null, [], ['N-1', 'N-2'], [], false],
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
