import { analyse, isSpcError, subgroupStatistics } from '@lotstream/repeatability';
import { issueTestKey, startTestApp, TEST_ADMIN_KEY, type TestApp, waitFor } from '@lotstream/testing';
import { enrolSigner, httpCaller } from './signer';

// Corrections and voids over HTTP (issue 17, "Corrections"): a corrected inspection changes the
// capability (checked against the SPC core's analysis of the corrected subgroups, AIAG SPC 2nd ed.
// X̄–R), a voided one leaves it; history keeps the original beside the signed correction; audit
// as-of before the correction shows the record as it was; a correction supersedes a release; bad
// input and refusals store nothing.
describe('corrections and voids (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let quality: Record<string, string>;
  let operator: Record<string, string>;
  let otherSite: Record<string, string>;
  let auditor: Record<string, string>;
  const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
  const PASSWORD = 'Correct-Me-Carefully-5521';
  const PART = 'PN-COR';
  const LSL = 9.9;
  const USL = 10.1;
  const capabilityPath = `/v1/parts/${PART}/characteristics/OD/capability`;
  const measurementsOf = (i: number) => Array.from({ length: 5 }, (_, j) => Math.round((10 + 0.02 * Math.sin(i * 1.3 + j * 2.1)) * 10000) / 10000);
  const inspectionEvents: Record<string, string> = {};

  const call = httpCaller(() => t.baseUrl);
  const post = (path: string, body: unknown, headers = quality) => call('POST', path, headers, body);
  async function created(path: string, body: unknown, headers = integration) {
    const answer = await post(path, body, headers);
    if (answer.status !== 201) throw new Error(`POST ${path} → ${answer.status} ${answer.text}`);
    return answer.body;
  }
  const versionOf = async (streamId: string): Promise<number> =>
    Number((await t.db.pool.query(`SELECT coalesce(max(stream_version), 0) AS v FROM events WHERE stream_id = $1`, [streamId])).rows[0].v);
  const signature = (password = PASSWORD) => ({ personId: 'QE-004', password, meaning: 'approved' });
  const lot = (lotNumber: string, kind = 'production') =>
    created('/v1/lots', { lotNumber, partNumber: kind === 'material' ? 'BAR-9' : PART, partRevision: 'A', quantity: 100, unit: 'pcs', siteId: 'SITE-A', kind });
  const inspection = (inspectionId: string, measurements: number[], inspectedAt: string) => ({
    inspectionId,
    stage: 'OQC',
    characteristic: { id: 'OD', lsl: LSL, usl: USL, nominal: 10, unit: 'mm' },
    measurements,
    gaugeId: 'COR-GAUGE',
    inspectorId: 'QE-004',
    inspectedAt,
  });
  const capability = (subgroups: number) =>
    waitFor(
      () => call('GET', capabilityPath, quality),
      (r) => r.status === 200 && r.body.subgroups === subgroups,
      { what: `capability over ${subgroups} subgroups` },
    );
  const expectedCapability = (subgroups: Array<{ lotNumber: string; inspectionId: string; values: number[] }>) => {
    const expected = analyse({
      subgroups: subgroups.map((s) => ({ values: s.values, ...subgroupStatistics(s.values), label: { lotNumber: s.lotNumber, inspectionId: s.inspectionId } })),
      lsl: LSL,
      usl: USL,
      target: 10,
    });
    if (isSpcError(expected)) throw new Error(JSON.stringify(expected));
    return expected;
  };

  beforeAll(async () => {
    t = await startTestApp();
    integration = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    quality = (await issueTestKey(t.baseUrl, 'quality', ['SITE-A'])).headers;
    operator = (await issueTestKey(t.baseUrl, 'operator', ['SITE-A'])).headers;
    otherSite = (await issueTestKey(t.baseUrl, 'quality', ['SITE-B'])).headers;
    auditor = (await issueTestKey(t.baseUrl, 'auditor', ['SITE-A'])).headers;
    await enrolSigner(call, {
      personId: 'QE-004',
      name: 'Dana Whitfield',
      siteId: 'SITE-A',
      password: PASSWORD,
      registeredWith: integration,
      credentialWith: integration,
    });
    await created('/v1/equipment', {
      equipmentId: 'COR-GAUGE',
      kind: 'gauge',
      description: 'Micrometer 0-25 mm',
      siteId: 'SITE-A',
      calibrationIntervalDays: 365,
    });
    // Release judges the gauge in calibration at use (issue 17's gate): calibrated before the inspections.
    await created('/v1/equipment/COR-GAUGE/calibrations', {
      calibrationId: 'CAL-COR-1',
      performedAt: '2026-11-01T08:00:00Z',
      asFound: 'in-tolerance',
      asLeft: 'in-tolerance',
      nextDueAt: '2027-11-01T08:00:00Z',
      certificateRef: 'CERT-COR-1',
      performedBy: 'Metrology Lab A',
    });
    for (let i = 1; i <= 4; i++) {
      await lot(`C-${i}`);
      // C-1's subgroup was transcribed wrongly: 10.4 instead of 10.04 and so on.
      const values = i === 1 ? [10.4, 10.03, 9.98, 10.01, 10.02] : measurementsOf(i);
      const answer = await created(`/v1/lots/C-${i}/inspections`, inspection(`OQC-C-${i}`, values, `2026-12-0${i}T09:00:00Z`), quality);
      inspectionEvents[`C-${i}`] = answer.eventIds[0];
    }
  }, 120_000);

  afterAll(async () => t?.close());

  it('corrects an inspection: capability follows the corrected subgroup, history keeps the original beside the signed correction, as-of shows the record then', async () => {
    const before = await capability(4);
    const eventId = inspectionEvents['C-1'];
    const asOfBefore = new Date().toISOString();
    await waitFor(
      async () => Date.now(),
      (now) => now > Date.parse(asOfBefore) + 5,
      { what: 'the clock to move past the as-of instant' },
    );
    const corrected = [10.04, 10.03, 9.98, 10.01, 10.02];
    const answer = await post('/v1/lots/C-1/corrections', {
      correctionId: 'COR-1',
      eventId,
      reason: 'Transcribed from the wrong sheet; gauge print-out GP-118',
      corrected: { measurements: corrected },
      signature: signature(),
    });
    expect(answer.status).toBe(201);
    const types = (await t.db.pool.query(`SELECT type, data FROM events WHERE stream_id = 'lot-C-1' ORDER BY stream_version`)).rows;
    expect(types.slice(-2).map((r) => r.type)).toEqual(['EventCorrected', 'RecordSigned']);
    expect(types.at(-2)!.data).toMatchObject({
      correctionId: 'COR-1',
      eventId,
      eventType: 'InspectionRecorded',
      recordId: 'OQC-C-1',
      corrected: { measurements: corrected, verdict: 'pass' },
      previous: { measurements: [10.4, 10.03, 9.98, 10.01, 10.02] },
      correctedBy: 'QE-004',
    });
    // The original event is untouched in the store.
    expect(types.find((r) => r.type === 'InspectionRecorded')!.data.measurements).toEqual([10.4, 10.03, 9.98, 10.01, 10.02]);

    const expected = expectedCapability([
      { lotNumber: 'C-1', inspectionId: 'OQC-C-1', values: corrected },
      ...[2, 3, 4].map((i) => ({ lotNumber: `C-${i}`, inspectionId: `OQC-C-${i}`, values: measurementsOf(i) })),
    ]);
    const after = await waitFor(
      () => call('GET', capabilityPath, quality),
      (r) => r.status === 200 && r.body.mean === expected.mean,
      { what: 'capability with the corrected subgroup' },
    );
    for (const key of ['n', 'subgroups', 'mean', 'sigmaWithin', 'sigmaOverall', 'cp', 'cpk', 'pp', 'ppk'] as const) {
      expect([key, after.body[key]]).toEqual([key, expected[key]]);
    }
    expect(after.body.mean).not.toEqual(before.body.mean);

    const history = await waitFor(
      () => call('GET', '/v1/lots/C-1/history', auditor),
      (r) => r.status === 200 && r.body.events.some((e: any) => e.type === 'RecordSigned'),
      { what: 'the correction in the history' },
    );
    const original = history.body.events.find((e: any) => e.eventId === eventId);
    expect(original.data.measurements).toEqual([10.4, 10.03, 9.98, 10.01, 10.02]);
    expect(original.current.measurements).toEqual(corrected);
    const correction = history.body.events.find((e: any) => e.type === 'EventCorrected');
    const manifestation = { personId: 'QE-004', printedName: 'Dana Whitfield', meaning: 'approved', signedAt: expect.any(String) };
    expect(original.correctedBy).toEqual([
      {
        eventId: correction.eventId,
        id: 'COR-1',
        reason: 'Transcribed from the wrong sheet; gauge print-out GP-118',
        corrected: { measurements: corrected, verdict: 'pass' },
        previous: { measurements: [10.4, 10.03, 9.98, 10.01, 10.02], verdict: 'fail' },
        signature: { ...manifestation, eventId: expect.any(String) },
      },
    ]);
    expect(correction.signature).toMatchObject(manifestation);
    expect(correction.data.eventId).toBe(eventId);

    const then = await call('GET', `/v1/audit/streams/lot-C-1?asOf=${encodeURIComponent(asOfBefore)}`, auditor);
    expect(then.status).toBe(200);
    expect(then.body.events.map((e: any) => e.type)).not.toContain('EventCorrected');
    expect(then.body.events.find((e: any) => e.type === 'InspectionRecorded').data.measurements).toEqual([10.4, 10.03, 9.98, 10.01, 10.02]);
    const now = await call('GET', '/v1/audit/streams/lot-C-1', auditor);
    expect(now.body.events.map((e: any) => e.type)).toContain('EventCorrected');
  });

  it('voids an inspection: it leaves the statistics, and a second void or a correction of it is refused', async () => {
    const eventId = inspectionEvents['C-4'];
    expect((await post('/v1/lots/C-4/voids', { voidId: 'VOID-1', eventId, reason: 'Measured on the wrong lot', signature: signature() })).status).toBe(201);
    const after = await capability(3);
    const expected = expectedCapability([
      { lotNumber: 'C-1', inspectionId: 'OQC-C-1', values: [10.04, 10.03, 9.98, 10.01, 10.02] },
      ...[2, 3].map((i) => ({ lotNumber: `C-${i}`, inspectionId: `OQC-C-${i}`, values: measurementsOf(i) })),
    ]);
    expect(after.body.mean).toEqual(expected.mean);
    expect(after.body.cpk).toEqual(expected.cpk);
    expect(after.body.points.map((p: any) => p.lotNumber)).not.toContain('C-4');

    const version = await versionOf('lot-C-4');
    const again = await post('/v1/lots/C-4/voids', { voidId: 'VOID-2', eventId, reason: 'again', signature: signature() });
    expect(again.body).toMatchObject({ status: 409, type: expect.stringContaining('event-already-voided') });
    const correction = await post('/v1/lots/C-4/corrections', {
      correctionId: 'COR-9',
      eventId,
      reason: 'x',
      corrected: { measurements: [10] },
      signature: signature(),
    });
    expect(correction.body).toMatchObject({ status: 409, type: expect.stringContaining('event-voided') });
    expect(await versionOf('lot-C-4')).toBe(version);

    const history = await waitFor(
      () => call('GET', '/v1/lots/C-4/history', quality),
      (r) => r.status === 200 && r.body.events.some((e: any) => e.type === 'EventVoided'),
      { what: 'the void in the history' },
    );
    expect(history.body.events.find((e: any) => e.eventId === eventId).voidedBy).toMatchObject({
      id: 'VOID-1',
      reason: 'Measured on the wrong lot',
      signature: { printedName: 'Dana Whitfield', meaning: 'approved' },
    });
  });

  it('refuses bad input and refusals with 400/401/403/404/409/422, storing nothing', async () => {
    const eventId = inspectionEvents['C-2'];
    const body = { correctionId: 'COR-X', eventId, reason: 'fix', corrected: { measurements: [10.01] }, signature: signature() };
    const registered = (await t.db.pool.query(`SELECT event_id FROM events WHERE stream_id = 'lot-C-2' AND type = 'LotRegistered'`)).rows[0].event_id;
    const before = await versionOf('lot-C-2');
    const cases: Array<[string, Promise<{ status: number; body: any }>, number, string?]> = [
      ['no reason', post('/v1/lots/C-2/corrections', { ...body, reason: undefined }), 400],
      ['no signature', post('/v1/lots/C-2/corrections', { ...body, signature: undefined }), 400],
      ['empty measurements', post('/v1/lots/C-2/corrections', { ...body, corrected: { measurements: [] } }), 400, 'validation'],
      ['too many measurements', post('/v1/lots/C-2/corrections', { ...body, corrected: { measurements: Array(101).fill(10) } }), 400, 'validation'],
      ['not a number', post('/v1/lots/C-2/corrections', { ...body, corrected: { measurements: ['ten'] } }), 400, 'validation'],
      ['bad instant', post('/v1/lots/C-2/corrections', { ...body, corrected: { inspectedAt: 'yesterday' } }), 400, 'validation'],
      ['unknown field on void', post('/v1/lots/C-2/voids', { voidId: 'V-X', eventId, reason: 'x', signature: signature(), extra: 1 }), 400],
      ['no key', call('POST', '/v1/lots/C-2/corrections', {}, body), 401],
      ['operator', post('/v1/lots/C-2/corrections', body, operator), 403],
      ['integration', post('/v1/lots/C-2/voids', { voidId: 'V-X', eventId, reason: 'x', signature: signature() }, integration), 403],
      ['wrong password', post('/v1/lots/C-2/corrections', { ...body, signature: signature('not-the-password-1') }), 403, 'signature-rejected'],
      ['other site', post('/v1/lots/C-2/corrections', body, otherSite), 404, 'lot-not-found'],
      ['unknown event', post('/v1/lots/C-2/corrections', { ...body, eventId: '00000000-0000-7000-8000-000000000000' }), 404, 'event-not-found'],
      ['event of another lot', post('/v1/lots/C-2/corrections', { ...body, eventId: inspectionEvents['C-3'] }), 404, 'event-not-found'],
      ['registration', post('/v1/lots/C-2/corrections', { ...body, eventId: registered }), 422, 'event-not-correctable'],
      [
        'void registration',
        post('/v1/lots/C-2/voids', { voidId: 'V-X', eventId: registered, reason: 'x', signature: signature() }),
        422,
        'event-not-correctable',
      ],
      ['an id', post('/v1/lots/C-2/corrections', { ...body, corrected: { inspectionId: 'OTHER' } }), 422, 'field-not-correctable'],
      ['a gauge', post('/v1/lots/C-2/corrections', { ...body, corrected: { gaugeId: 'OTHER' } }), 422, 'field-not-correctable'],
      [
        'characteristic id',
        post('/v1/lots/C-2/corrections', { ...body, corrected: { characteristic: { id: 'ID', lsl: LSL, usl: USL, unit: 'mm' } } }),
        422,
        'field-not-correctable',
      ],
      ['nothing', post('/v1/lots/C-2/corrections', { ...body, corrected: {} }), 422, 'nothing-corrected'],
      ['inverted limits', post('/v1/lots/C-2/corrections', { ...body, corrected: { characteristic: { id: 'OD', lsl: 11, usl: 9, unit: 'mm' } } }), 422],
    ];
    for (const [what, answer, status, type] of cases) {
      const { status: got, body: problem } = await answer;
      expect({ what, status: got }).toEqual({ what, status });
      if (type) expect({ what, type: problem.type }).toEqual({ what, type: expect.stringContaining(type) });
    }
    expect(await versionOf('lot-C-2')).toBe(before);
    // A correction id is used once.
    expect((await post('/v1/lots/C-2/corrections', body)).status).toBe(201);
    expect((await post('/v1/lots/C-2/corrections', { ...body, corrected: { measurements: [10.02] } })).body).toMatchObject({
      status: 409,
      type: expect.stringContaining('correction-already-recorded'),
    });
  });

  it('corrects a consumption: genealogy and the input lot follow; a correction supersedes the release until a new one', async () => {
    // The material must be accepted at receiving inspection for the release gates to pass.
    await created('/v1/suppliers', { supplierId: 'SUP-COR', name: 'Bar stock supplier', siteIds: ['SITE-A'] }, quality);
    await created(
      '/v1/suppliers/SUP-COR/approvals',
      { approvalId: 'APR-COR', partNumbers: ['BAR-9'], validFrom: '2026-01-01T00:00:00Z', basis: 'audit', approvedBy: 'QE-004' },
      quality,
    );
    await created('/v1/suppliers/SUP-COR/sampling-plans', { partNumber: 'BAR-9', inspectionLevel: 'II', aql: 1.0 }, quality);
    await created('/v1/lots', {
      lotNumber: 'M-1',
      partNumber: 'BAR-9',
      partRevision: 'A',
      quantity: 100,
      unit: 'pcs',
      siteId: 'SITE-A',
      kind: 'material',
      supplierId: 'SUP-COR',
    });
    const plan = (await call('GET', '/v1/suppliers/SUP-COR/sampling?partNumber=BAR-9&lotSize=100', quality)).body;
    await created(
      '/v1/lots/M-1/receiving-inspections',
      { inspectionId: 'IQC-M-1', sampleSize: plan.sampleSize, nonconforming: 0, inspectedAt: '2026-11-21T09:00:00Z', inspectorId: 'IQC-1' },
      quality,
    );
    await lot('R-1');
    const consumed = await created('/v1/lots/R-1/consumptions', { inputLotNumber: 'M-1', quantity: 10, unit: 'pcs' });
    const passing = await created('/v1/lots/R-1/inspections', inspection('OQC-R-1', [10.0, 10.01, 9.99], '2026-12-05T09:00:00Z'), quality);
    expect(passing.eventIds).toHaveLength(1);
    const release = (releaseId: string) => post('/v1/lots/R-1/release', { releaseId, signature: { ...signature(), meaning: 'released' } });
    expect((await release('REL-1')).status).toBe(201);

    expect(
      (
        await post('/v1/lots/R-1/corrections', {
          correctionId: 'COR-Q',
          eventId: consumed.eventIds[0],
          reason: 'Scale read 12, not 10',
          corrected: { quantity: 12 },
          signature: signature(),
        })
      ).status,
    ).toBe(201);
    const issued = (await t.db.pool.query(`SELECT type, data FROM events WHERE stream_id = 'lot-M-1' ORDER BY stream_version`)).rows;
    expect(issued.at(-1)).toMatchObject({
      type: 'EventCorrected',
      data: { eventType: 'MaterialIssued', corrected: { quantity: 12 }, previous: { quantity: 10 } },
    });
    // Too much for the input lot: 422, nothing stored.
    const version = await versionOf('lot-R-1');
    const tooMuch = await post('/v1/lots/R-1/corrections', {
      correctionId: 'COR-Q2',
      eventId: consumed.eventIds[0],
      reason: 'x',
      corrected: { quantity: 1000 },
      signature: signature(),
    });
    expect(tooMuch.body).toMatchObject({ status: 422, type: expect.stringContaining('insufficient-quantity') });
    expect(await versionOf('lot-R-1')).toBe(version);

    const genealogy = await waitFor(
      () => call('GET', '/v1/lots/R-1/genealogy?direction=backward', quality),
      (r) => r.status === 200 && r.body.edges.some((e: any) => e.from === 'M-1' && Number(e.quantity) === 12),
      { what: 'the corrected consumption in the genealogy' },
    );
    expect(genealogy.body.edges.filter((e: any) => e.from === 'M-1')).toHaveLength(1);

    const readiness = await call('GET', '/v1/lots/R-1/release-readiness', quality);
    expect(readiness.body.release).toEqual({ status: 'superseded', releaseId: 'REL-1', supersededBy: ['COR-Q'] });
    expect((await call('PUT', '/v1/sites/SITE-A/policy', admin, { releaseBeforeShipment: 'refuse' })).status).toBe(201);
    const shipment = { shipmentId: 'SH-R1', customer: 'Globex', quantity: 5, shippedAt: '2026-12-06T10:00:00Z' };
    expect((await post('/v1/lots/R-1/shipments', shipment, operator)).body).toMatchObject({ status: 422, type: expect.stringContaining('lot-not-released') });
    expect((await release('REL-2')).status).toBe(201);
    expect((await call('GET', '/v1/lots/R-1/release-readiness', quality)).body.release).toEqual({ status: 'in-force', releaseId: 'REL-2' });
    const shipped = await post('/v1/lots/R-1/shipments', shipment, operator);
    expect(shipped.status).toBe(201);
    expect((await call('PUT', '/v1/sites/SITE-A/policy', admin, {})).status).toBe(201);

    // A shipment voided leaves the recall scope.
    expect(
      (await post('/v1/lots/R-1/voids', { voidId: 'VOID-SH', eventId: shipped.body.eventIds[0], reason: 'Never left the dock', signature: signature() }))
        .status,
    ).toBe(201);
    await waitFor(
      () => call('GET', '/v1/lots/M-1/genealogy?direction=forward', quality),
      (r) => r.status === 200 && r.body.edges.length > 0 && r.body.shipments.length === 0,
      { what: 'the voided shipment out of the recall scope' },
    );
    const history = await call('GET', '/v1/lots/R-1/history', quality);
    const releases = history.body.events.filter((e: any) => e.type === 'LotReleased');
    expect(releases.map((e: any) => e.signature?.meaning)).toEqual(['released', 'released']);
    expect(releases[0].signature.printedName).toBe('Dana Whitfield');
  });
});
