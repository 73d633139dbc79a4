import { issueTestKey, startTestApp, type TestApp, waitFor } from '@lotstream/testing';
import { AIAG_MSA4_STUDY } from '../../libs/metrology/src/msa/gauge-rr.fixture.spec';

// Gauge R&R over HTTP: a study recorded on a gauge, read back with both AIAG methods, shown on the
// equipment, and used by the capability of the lots it measured — where a second gauge without a
// study makes the answer warn. Bad input is refused with the failing field and stores nothing.
describe('measurement system analysis (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let quality: Record<string, string>;
  let metrology: Record<string, string>;
  let operator: Record<string, string>;
  let otherSite: Record<string, string>;

  const PART = 'PN-BORE';
  const CHARACTERISTIC = 'D-BORE';
  const LSL = 9;
  const USL = 12;
  const capabilityPath = `/v1/parts/${PART}/characteristics/${CHARACTERISTIC}/capability`;

  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async function post(path: string, body: unknown, headers = integration) {
    const answer = await call('POST', path, headers, body);
    if (answer.status !== 201) throw new Error(`POST ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** A capable gauge: 10 parts 0.1 apart, appraisers and trials within a few µm. */
  const goodStudy = (studyId: string) => ({
    studyId,
    partNumber: PART,
    characteristic: { id: CHARACTERISTIC, unit: 'mm', lsl: LSL, usl: USL },
    method: 'crossed',
    performedAt: '2026-02-01T10:00:00Z',
    measurements: Array.from({ length: 10 }, (_, p) =>
      ['QC-1', 'QC-2'].flatMap((appraiser, a) =>
        [1, 2, 3].map((trial) => ({
          part: `S${p + 1}`,
          appraiser,
          trial,
          value: 10 + p * 0.1 + a * 0.001 + [0.002, -0.001, 0.0][trial - 1] * (p % 2 ? 1 : -1),
        })),
      ),
    ).flat(),
  });

  const streamLength = async (equipmentId: string) => (await t.db.store.readStream(`equipment-${equipmentId}`)).length;

  beforeAll(async () => {
    t = await startTestApp();
    integration = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    quality = (await issueTestKey(t.baseUrl, 'quality', ['SITE-A'])).headers;
    metrology = (await issueTestKey(t.baseUrl, 'metrology', ['SITE-A'])).headers;
    operator = (await issueTestKey(t.baseUrl, 'operator', ['SITE-A'])).headers;
    otherSite = (await issueTestKey(t.baseUrl, 'quality', ['SITE-B'])).headers;

    for (const equipmentId of ['GAUGE-BORE-1', 'GAUGE-BORE-2']) {
      await post('/v1/equipment', { equipmentId, kind: 'gauge', description: 'bore gauge', siteId: 'SITE-A', calibrationIntervalDays: 365 });
      await post(`/v1/equipment/${equipmentId}/calibrations`, {
        calibrationId: `CAL-${equipmentId}`,
        performedAt: '2026-01-01T00:00:00Z',
        asFound: 'in-tolerance',
        asLeft: 'in-tolerance',
        nextDueAt: '2027-01-01T00:00:00Z',
        certificateRef: `CERT-${equipmentId}`,
        performedBy: 'Lab A',
      });
    }
    await post('/v1/equipment', { equipmentId: 'LATHE-BORE', kind: 'machine', description: 'lathe', siteId: 'SITE-A', calibrationIntervalDays: 365 });

    await post('/v1/equipment/GAUGE-BORE-1/msa-studies', goodStudy('MSA-BORE-1'), metrology);
    // The AIAG MSA 4th edition worked example, on another characteristic, recorded by a quality engineer.
    await post(
      '/v1/equipment/GAUGE-BORE-1/msa-studies',
      {
        studyId: 'MSA-AIAG',
        partNumber: 'PN-AIAG',
        characteristic: { id: 'X', unit: 'mm' },
        method: 'crossed',
        performedAt: '2026-02-02T10:00:00Z',
        measurements: AIAG_MSA4_STUDY,
      },
      quality,
    );

    // 12 lots, one subgroup of 5 each; the last 4 measured with the gauge that has no study.
    for (let i = 0; i < 12; i++) {
      const lotNumber = `L-BORE-${String(i + 1).padStart(2, '0')}`;
      await post('/v1/lots', { lotNumber, partNumber: PART, partRevision: 'A', quantity: 50, unit: 'pcs', siteId: 'SITE-A' });
      await post(`/v1/lots/${lotNumber}/inspections`, {
        inspectionId: `INS-${lotNumber}`,
        stage: 'IPQC',
        characteristic: { id: CHARACTERISTIC, lsl: LSL, usl: USL, unit: 'mm' },
        measurements: [0, 1, 2, 3, 4].map((k) => 10.5 + 0.05 * Math.sin(i * 5 + k) + 0.02 * (k - 2)),
        gaugeId: i < 8 ? 'GAUGE-BORE-1' : 'GAUGE-BORE-2',
        inspectorId: 'QC-1',
        inspectedAt: `2026-03-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
      });
    }
  }, 180_000);
  afterAll(() => t?.close());

  it('answers a recorded study with both AIAG methods, reproducing the manual’s figures', async () => {
    const study = await waitFor(
      () => call('GET', '/v1/equipment/GAUGE-BORE-1/msa-studies/MSA-AIAG', quality),
      (r) => r.status === 200,
      { what: 'study MSA-AIAG' },
    );
    expect(study.body).toMatchObject({
      studyId: 'MSA-AIAG',
      gaugeId: 'GAUGE-BORE-1',
      partNumber: 'PN-AIAG',
      characteristicId: 'X',
      parts: 10,
      appraisers: 3,
      trials: 3,
    });
    expect(study.body.averageRange.pctGrr).toBeCloseTo(26.68, 2);
    expect(study.body.averageRange.ndc).toBe(5);
    expect(study.body.averageRange.rangesAboveUcl).toEqual([{ appraiser: 'B', part: 'P4', range: expect.closeTo(1.02, 10) }]);
    expect(study.body.anova.interactionPooled).toBe(true);
    expect(study.body.anova.table.map((r: { source: string }) => r.source)).toEqual(['part', 'appraiser', 'part × appraiser', 'repeatability', 'total']);
    expect(study.body.anova.variance.grr).toBeCloseTo(0.09143, 4);
    expect(study.body.anova.pctTolerance).toBeUndefined();
    expect(study.body).toMatchObject({ verdict: 'unacceptable', verdictBasis: 'study-variation' });
  });

  it('shows the latest study per part × characteristic on the equipment', async () => {
    const equipment = await waitFor(
      () => call('GET', '/v1/equipment/GAUGE-BORE-1', quality),
      (r) => r.status === 200 && r.body.measurementSystem.length === 2,
      { what: 'GAUGE-BORE-1 with two studies' },
    );
    expect(equipment.body.measurementSystem).toEqual([
      expect.objectContaining({
        studyId: 'MSA-AIAG',
        partNumber: 'PN-AIAG',
        characteristicId: 'X',
        verdict: 'unacceptable',
        performedAt: '2026-02-02T10:00:00.000Z',
      }),
      expect.objectContaining({ studyId: 'MSA-BORE-1', partNumber: PART, characteristicId: CHARACTERISTIC, verdict: 'acceptable', verdictBasis: 'tolerance' }),
    ]);
    expect((await call('GET', '/v1/equipment/GAUGE-BORE-2', quality)).body.measurementSystem).toEqual([]);
  });

  it('capability names both gauges, warns about the one without a study, and corrects for the acceptable gauge’s variation', async () => {
    const capability = await waitFor(
      () => call('GET', capabilityPath, quality),
      (r) => r.status === 200 && r.body.subgroups === 12 && r.body.measurementSystem?.gauges?.[0]?.verdict === 'acceptable',
      { what: 'capability over 12 lots with the study' },
    );
    const { measurementSystem, withoutMeasurementVariation, sigmaOverall, mean } = capability.body;
    expect(measurementSystem.gauges).toEqual([
      expect.objectContaining({ gaugeId: 'GAUGE-BORE-1', verdict: 'acceptable', subgroups: 8, study: expect.objectContaining({ studyId: 'MSA-BORE-1' }) }),
      expect.objectContaining({ gaugeId: 'GAUGE-BORE-2', verdict: 'none', subgroups: 4 }),
    ]);
    expect(measurementSystem.warning).toContain('4 of 12 subgroups');
    expect(measurementSystem.warning).toContain('GAUGE-BORE-2');

    const study = (await call('GET', '/v1/equipment/GAUGE-BORE-1/msa-studies/MSA-BORE-1', quality)).body;
    const sigma = Math.sqrt(sigmaOverall ** 2 - study.anova.variance.grr);
    expect(withoutMeasurementVariation.sigma).toBeCloseTo(sigma, 10);
    expect(withoutMeasurementVariation.sigma).toBeLessThan(sigmaOverall);
    expect(withoutMeasurementVariation.pp).toBeCloseTo((USL - LSL) / (6 * sigma), 10);
    expect(withoutMeasurementVariation.ppk).toBeCloseTo(Math.min(USL - mean, mean - LSL) / (3 * sigma), 10);
    expect(withoutMeasurementVariation.pp).toBeGreaterThan(capability.body.pp);
  });

  it('refuses bad input with the failing field (400) and an unbalanced design with what is missing (422), storing nothing', async () => {
    const before = await streamLength('GAUGE-BORE-2');
    const good = goodStudy('MSA-BAD');
    const badTrial = await call('POST', '/v1/equipment/GAUGE-BORE-2/msa-studies', metrology, {
      ...good,
      measurements: good.measurements.map((m, i) => (i === 0 ? { ...m, trial: 11 } : m)),
    });
    expect(badTrial.status).toBe(400);
    expect(JSON.stringify(badTrial.body.errors)).toContain('trial');
    const unknownField = await call('POST', '/v1/equipment/GAUGE-BORE-2/msa-studies', metrology, { ...good, verdict: 'acceptable' });
    expect(unknownField.status).toBe(400);
    const badMethod = await call('POST', '/v1/equipment/GAUGE-BORE-2/msa-studies', metrology, { ...good, method: 'nested' });
    expect(badMethod.status).toBe(400);
    expect(JSON.stringify(badMethod.body.errors)).toContain('method');
    const unbalanced = await call('POST', '/v1/equipment/GAUGE-BORE-2/msa-studies', metrology, {
      ...good,
      measurements: good.measurements.filter((m) => !(m.part === 'S4' && m.appraiser === 'QC-2' && m.trial === 3)),
    });
    expect(unbalanced.status).toBe(422);
    expect(unbalanced.body.detail).toContain('part S4 × appraiser QC-2 × trial 3');
    expect(JSON.stringify(unbalanced.body)).toContain('measurements');
    const machine = await call('POST', '/v1/equipment/LATHE-BORE/msa-studies', metrology, good);
    expect(machine.status).toBe(422);
    const again = await call('POST', '/v1/equipment/GAUGE-BORE-1/msa-studies', metrology, goodStudy('MSA-BORE-1'));
    expect(again.status).toBe(409);
    expect(await streamLength('GAUGE-BORE-2')).toBe(before);
    expect((await call('GET', '/v1/equipment/GAUGE-BORE-2/msa-studies/MSA-BAD', quality)).status).toBe(404);
  });

  it('records a study as a RecordMsaStudy command of a batch (the Kafka intake takes the same items)', async () => {
    const batch = await call('POST', '/v1/batch', metrology, {
      commands: [
        { type: 'RecordMsaStudy', payload: { ...goodStudy('MSA-BATCH'), equipmentId: 'GAUGE-BORE-2', partNumber: 'PN-OTHER' } },
        { type: 'RecordMsaStudy', payload: { ...goodStudy('MSA-BATCH-BAD'), equipmentId: 'GAUGE-BORE-2', method: 'nested' } },
      ],
    });
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([201, 400]);
    const study = await waitFor(
      () => call('GET', '/v1/equipment/GAUGE-BORE-2/msa-studies/MSA-BATCH', quality),
      (r) => r.status === 200,
      { what: 'study MSA-BATCH' },
    );
    expect(study.body).toMatchObject({ partNumber: 'PN-OTHER', verdict: 'acceptable', verdictBasis: 'tolerance' });
  });

  it('lets metrology and quality record studies, not operators; another site sees neither the gauge nor its studies', async () => {
    expect((await call('POST', '/v1/equipment/GAUGE-BORE-2/msa-studies', operator, goodStudy('MSA-OP'))).status).toBe(403);
    expect((await call('GET', '/v1/equipment/GAUGE-BORE-1/msa-studies/MSA-BORE-1', otherSite)).status).toBe(404);
    expect((await call('GET', '/v1/equipment/GAUGE-BORE-1', otherSite)).status).toBe(404);
    expect((await call('POST', '/v1/equipment/GAUGE-BORE-2/msa-studies', otherSite, goodStudy('MSA-B'))).status).toBe(404);
    expect((await call('GET', '/v1/equipment/GAUGE-BORE-1/msa-studies/NO-SUCH-STUDY', quality)).status).toBe(404);
  });
});
