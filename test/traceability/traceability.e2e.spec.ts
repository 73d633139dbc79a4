import { issueTestKey, startTestApp, type TestApp, waitFor } from '@lotstream/testing';

// Traceability by lot number over HTTP: written through the write routes, read back once the
// in-process projector has caught up (waited for on the answer itself, never by sleeping).
describe('traceability by lot number (e2e)', () => {
  let t: TestApp;
  let writer: Record<string, string>;
  let auditor: Record<string, string>;
  let otherSite: Record<string, string>;

  async function call(path: string, headers: Record<string, string>) {
    const response = await fetch(`${t.baseUrl}${path}`, { headers });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
  }

  async function post(path: string, body: unknown) {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...writer, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`POST ${path} → ${response.status} ${await response.text()}`);
  }

  const lot = (lotNumber: string, extra: Record<string, unknown> = {}) =>
    post('/v1/lots', { lotNumber, partNumber: 'PN-4711', partRevision: 'C', quantity: 100, unit: 'pcs', siteId: 'SITE-A', ...extra });
  const inspect = (lotNumber: string, inspectionId: string, gaugeId: string, inspectedAt: string, measurements = [25.0, 25.01, 24.99]) =>
    post(`/v1/lots/${lotNumber}/inspections`, {
      inspectionId,
      stage: 'IPQC',
      characteristic: { id: 'D-OUTER', lsl: 24.95, usl: 25.05, nominal: 25, unit: 'mm' },
      measurements,
      gaugeId,
      inspectorId: 'QC-031',
      inspectedAt,
    });
  const calibrate = (equipmentId: string, calibrationId: string, performedAt: string, nextDueAt: string, asFound = 'in-tolerance') =>
    post(`/v1/equipment/${equipmentId}/calibrations`, {
      calibrationId,
      performedAt,
      asFound,
      asLeft: 'in-tolerance',
      nextDueAt,
      certificateRef: `CERT-${calibrationId}`,
      performedBy: 'Lab A',
    });

  beforeAll(async () => {
    t = await startTestApp();
    writer = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    auditor = (await issueTestKey(t.baseUrl, 'auditor', ['SITE-A'])).headers;
    otherSite = (await issueTestKey(t.baseUrl, 'quality', ['SITE-B'])).headers;

    await post('/v1/equipment', { equipmentId: 'GAUGE-1', kind: 'gauge', description: 'micrometer', siteId: 'SITE-A', calibrationIntervalDays: 180 });
    await post('/v1/equipment', { equipmentId: 'LATHE-7', kind: 'machine', description: 'lathe', siteId: 'SITE-A', calibrationIntervalDays: 365 });
    await calibrate('GAUGE-1', 'CAL-1', '2026-10-01T00:00:00Z', '2027-04-01T00:00:00Z');
    await calibrate('LATHE-7', 'CAL-L', '2026-01-01T00:00:00Z', '2026-11-01T00:00:00Z'); // expires before the step

    await lot('RAW-1', { kind: 'material', supplier: 'Steelworks', quantity: 500, unit: 'kg' });
    await lot('L-1');
    await post('/v1/lots/L-1/consumptions', { inputLotNumber: 'RAW-1', quantity: 40, unit: 'kg', stepId: 'OP10' });
    await post('/v1/lots/L-1/steps', {
      stepId: 'OP10',
      operation: 'turning',
      sequence: 10,
      workCenter: 'WC-2',
      equipmentIds: ['LATHE-7'],
      operatorId: 'OPR-1',
      sopRevision: 'SOP-12 D',
      startedAt: '2026-11-02T08:00:00Z',
      completedAt: '2026-11-02T09:00:00Z',
      quantityIn: 100,
      quantityGood: 98,
      quantityScrapped: 2,
    });
    await inspect('L-1', 'INS-1', 'GAUGE-1', '2026-11-02T10:00:00Z');
    await post('/v1/lots/L-1/nonconformances', { ncId: 'NC-1', description: 'burr on edge', quantityAffected: 2 });
    await post('/v1/lots/L-1/splits', { childLotNumber: 'L-1A', quantity: 30 });
    await post('/v1/lots/L-1A/shipments', { shipmentId: 'SH-1', customer: 'ACME', quantity: 30, shippedAt: '2026-11-05T12:00:00Z' });
    await lot('L-2');
    await inspect('L-2', 'INS-2', 'GAUGE-1', '2026-11-12T10:00:00Z'); // after the out-of-tolerance calibration
    await calibrate('GAUGE-1', 'CAL-2', '2026-11-10T00:00:00Z', '2027-05-10T00:00:00Z', 'out-of-tolerance');

    // A prototype build measured with the same gauge: it must never show up on any lot.
    await post('/v1/prototypes', {
      buildId: 'PB-1',
      partNumber: 'PN-4711',
      designRevision: 'D1',
      siteId: 'SITE-A',
      requestedBy: 'ENG-1',
      purpose: 'fit check',
    });
    await post('/v1/prototypes/PB-1/inspections', {
      inspectionId: 'PINS-1',
      stage: 'FAI',
      characteristic: { id: 'D-OUTER', lsl: 24.95, usl: 25.05, unit: 'mm' },
      measurements: [25.0],
      gaugeId: 'GAUGE-1',
      inspectorId: 'QC-031',
      inspectedAt: '2026-11-03T10:00:00Z',
    });
    await post('/v1/prototypes/PB-1/notes', { kind: 'decision', text: 'radius from drawing rev D1 is fine' });
    await post('/v1/prototypes/PB-1/completion', { outcome: 'accepted' });

    // Wait until the last facts of every stream are projected.
    await waitFor(
      () => call('/v1/lots/L-2/history', auditor),
      (r) => r.status === 200 && r.body.events.length === 2,
      { what: 'L-2 projected' },
    );
    await waitFor(
      () => call('/v1/equipment/GAUGE-1', auditor),
      (r) => r.status === 200 && r.body.calibrations.length === 2,
      { what: 'CAL-2 projected' },
    );
    await waitFor(
      () => call('/v1/prototypes/PB-1', auditor),
      (r) => r.status === 200 && r.body.outcome !== null,
      { what: 'PB-1 projected' },
    );
    await waitFor(
      () => call('/v1/lots/L-1A', auditor),
      (r) => r.status === 200 && r.body.shipments.length === 1,
      { what: 'SH-1 projected' },
    );
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('answers the lot summary', async () => {
    const { status, body } = await call('/v1/lots/L-1', auditor);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      lotNumber: 'L-1',
      partNumber: 'PN-4711',
      partRevision: 'C',
      kind: 'production',
      siteId: 'SITE-A',
      quantity: 100,
      quantityRemaining: 70,
      status: 'in-process',
      stepsDone: 1,
      inspections: { total: 1, pass: 1, fail: 0 },
      openNonconformances: [{ ncId: 'NC-1', quantityAffected: 2 }],
      shipments: [],
    });
    expect(body.streamVersion).toBeGreaterThanOrEqual(6);
  });

  it('answers the device history record in stream order, with calibration at the moment of use', async () => {
    const { status, body } = await call('/v1/lots/L-1/history', auditor);
    expect(status).toBe(200);
    expect(body.events.map((e: { type: string }) => e.type)).toEqual([
      'LotRegistered',
      'MaterialConsumed',
      'ProductionStepCompleted',
      'InspectionRecorded',
      'NonconformanceRaised',
      'LotSplit',
    ]);
    expect(body.events.map((e: { streamVersion: number }) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6]);
    const step = body.events.find((e: { type: string }) => e.type === 'ProductionStepCompleted');
    expect(step.equipment).toEqual([{ equipmentId: 'LATHE-7', inCalibration: false, calibration: expect.objectContaining({ calibrationId: 'CAL-L' }) }]);
    const inspection = body.events.find((e: { type: string }) => e.type === 'InspectionRecorded');
    expect(inspection.equipment).toEqual([{ equipmentId: 'GAUGE-1', inCalibration: true, calibration: expect.objectContaining({ calibrationId: 'CAL-1' }) }]);
    expect(inspection.actor).toMatchObject({ role: 'integration' });
  });

  it('walks the genealogy backward and forward, with the shipments of every lot reached', async () => {
    const forward = await call('/v1/lots/RAW-1/genealogy?direction=forward', auditor);
    expect(forward.status).toBe(200);
    expect(forward.body).toMatchObject({
      root: 'RAW-1',
      nodes: [
        { lotNumber: 'RAW-1', partNumber: 'PN-4711', kind: 'material', depth: 0 },
        { lotNumber: 'L-1', kind: 'production', depth: 1 },
        { lotNumber: 'L-1A', depth: 2 },
      ],
      edges: [
        { from: 'L-1', to: 'L-1A', quantity: 30, kind: 'split' },
        { from: 'RAW-1', to: 'L-1', quantity: 40, unit: 'kg', kind: 'consumption' },
      ],
      shipments: [{ lotNumber: 'L-1A', shipmentId: 'SH-1', customer: 'ACME', quantity: 30 }],
      customers: ['ACME'],
    });
    const backward = await call('/v1/lots/L-1A/genealogy?direction=backward&depth=1', auditor);
    expect(backward.body.nodes.map((n: { lotNumber: string }) => n.lotNumber)).toEqual(['L-1A', 'L-1']);
  });

  it('names the inspections, lots and customers a calibration found out of tolerance puts in doubt', async () => {
    const { status, body } = await call('/v1/equipment/GAUGE-1/impact', auditor);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      equipmentId: 'GAUGE-1',
      calibration: { calibrationId: 'CAL-2', asFound: 'out-of-tolerance' },
      since: { calibrationId: 'CAL-1' },
      inspections: [{ lotNumber: 'L-1', inspectionId: 'INS-1' }],
      lots: ['L-1'],
      customers: ['ACME'],
    });
    expect(body.inspections).toHaveLength(1); // INS-2 came after the adjustment; PINS-1 is a prototype's
    expect(body.reachedLots.map((n: { lotNumber: string }) => n.lotNumber)).toEqual(['L-1', 'L-1A']);
    const equipment = await call('/v1/equipment/GAUGE-1', auditor);
    expect(equipment.body).toMatchObject({ kind: 'gauge', lastCalibration: { calibrationId: 'CAL-2' }, nextDueAt: '2027-05-10T00:00:00.000Z' });
  });

  it('never shows a prototype in any lot history or genealogy, and answers its build record', async () => {
    for (const lotNumber of ['RAW-1', 'L-1', 'L-1A', 'L-2']) {
      const history = await call(`/v1/lots/${lotNumber}/history`, auditor);
      expect(history.body.events.filter((e: { type: string }) => e.type.startsWith('Prototype'))).toEqual([]);
      expect(JSON.stringify(history.body)).not.toContain('PB-1');
      for (const direction of ['backward', 'forward']) {
        const genealogy = await call(`/v1/lots/${lotNumber}/genealogy?direction=${direction}`, auditor);
        expect(JSON.stringify(genealogy.body)).not.toContain('PB-1');
      }
    }
    expect((await call('/v1/lots/PB-1', auditor)).status).toBe(404);
    const build = await call('/v1/prototypes/PB-1', auditor);
    expect(build.status).toBe(200);
    expect(build.body).toMatchObject({
      buildId: 'PB-1',
      partNumber: 'PN-4711',
      designRevision: 'D1',
      status: 'accepted',
      inspections: [{ inspectionId: 'PINS-1', equipment: [{ equipmentId: 'GAUGE-1', inCalibration: true }] }],
      notes: [{ kind: 'decision' }],
      outcome: { outcome: 'accepted' },
    });
  });

  it('answers 404 for another site, for an unknown lot and equipment, as problem+json', async () => {
    for (const path of [
      '/v1/lots/L-1',
      '/v1/lots/L-1/history',
      '/v1/lots/L-1/genealogy',
      '/v1/equipment/GAUGE-1',
      '/v1/equipment/GAUGE-1/impact',
      '/v1/prototypes/PB-1',
    ]) {
      const reply = await call(path, otherSite);
      expect([path, reply.status, reply.contentType]).toEqual([path, 404, expect.stringContaining('application/problem+json')]);
    }
    const unknown = await call('/v1/lots/NOPE', auditor);
    const hidden = await call('/v1/lots/L-1', otherSite);
    expect(hidden.body.detail).toBe('Lot L-1 was not found.');
    expect(unknown.body).toMatchObject({ status: 404, detail: 'Lot NOPE was not found.' });
    expect((await call('/v1/equipment/NOPE/impact', auditor)).status).toBe(404);
    expect((await call('/v1/equipment/GAUGE-1/impact?calibrationId=NOPE', auditor)).status).toBe(404);
  });

  it('answers 400 for bad parameters and 401 without a key', async () => {
    for (const path of [
      '/v1/lots/L-1/genealogy?depth=101',
      '/v1/lots/L-1/genealogy?depth=-1',
      '/v1/lots/L-1/genealogy?depth=abc',
      '/v1/lots/L-1/genealogy?direction=sideways',
      '/v1/lots/L-1/genealogy?colour=red',
      '/v1/lots/bad%20lot/history',
      '/v1/equipment/GAUGE-1/impact?calibrationId=%20',
    ]) {
      const reply = await call(path, auditor);
      expect([path, reply.status, reply.contentType]).toEqual([path, 400, expect.stringContaining('application/problem+json')]);
    }
    expect((await call('/v1/lots/L-1/history', {})).status).toBe(401);
  });
});
