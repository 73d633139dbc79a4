import { issueTestKey, startTestApp, TestApp, TestKey } from '@lotstream/testing';
import { eventCount, inspection, post, storedEvents, step } from './recording-client';

jest.setTimeout(120_000);

// One shop's week on real Postgres over HTTP: material in, a lot made from it, inspected, a
// nonconformance dispositioned, shipped; a gauge calibrated twice; a prototype promoted.
describe('recording production over HTTP', () => {
  let app: TestApp;
  let operator: TestKey;
  let quality: TestKey;
  let metrology: TestKey;
  let engineering: TestKey;
  let otherSite: TestKey;
  let auditor: TestKey;
  const send = (key: TestKey, path: string, body: unknown, headers: Record<string, string> = {}) =>
    post(app.baseUrl, path, body, { ...key.headers, ...headers });

  beforeAll(async () => {
    app = await startTestApp();
    [operator, quality, metrology, engineering, otherSite, auditor] = await Promise.all([
      issueTestKey(app.baseUrl, 'operator', ['SITE-A'], 'line 1 MES'),
      issueTestKey(app.baseUrl, 'quality', ['SITE-A']),
      issueTestKey(app.baseUrl, 'metrology', ['SITE-A']),
      issueTestKey(app.baseUrl, 'engineering', ['SITE-A']),
      issueTestKey(app.baseUrl, 'operator', ['SITE-B']),
      issueTestKey(app.baseUrl, 'auditor', ['*']),
    ]);
  });
  afterAll(() => app?.close());

  it('records the whole scenario with the statuses, versions and events the contract promises', async () => {
    // A gauge with two calibrations, and a machine.
    expect(
      await send(metrology, '/v1/equipment', {
        equipmentId: 'GAUGE-1',
        kind: 'gauge',
        description: 'Micrometer',
        siteId: 'SITE-A',
        calibrationIntervalDays: 180,
      }),
    ).toMatchObject({
      status: 201,
      body: { streamId: 'equipment-GAUGE-1', streamVersion: 1 },
    });
    await send(metrology, '/v1/equipment', {
      equipmentId: 'LATHE-1',
      kind: 'machine',
      description: 'CNC lathe',
      siteId: 'SITE-A',
      calibrationIntervalDays: 365,
    });
    const calibration = (calibrationId: string, performedAt: string, nextDueAt: string) => ({
      calibrationId,
      performedAt,
      asFound: 'in-tolerance',
      asLeft: 'in-tolerance',
      nextDueAt,
      certificateRef: `CERT-${calibrationId}`,
      performedBy: 'Lab A',
    });
    expect(
      (await send(metrology, '/v1/equipment/GAUGE-1/calibrations', calibration('C1', '2026-05-01T08:00:00Z', '2026-11-01T08:00:00Z'))).body.streamVersion,
    ).toBe(2);
    expect(
      (await send(metrology, '/v1/equipment/GAUGE-1/calibrations', calibration('C2', '2026-10-30T08:00:00Z', '2027-04-30T08:00:00Z'))).body.streamVersion,
    ).toBe(3);
    expect((await send(metrology, '/v1/equipment/NOPE/calibrations', calibration('C3', '2026-10-30T08:00:00Z', '2027-04-30T08:00:00Z'))).status).toBe(404);
    expect((await send(metrology, '/v1/equipment/GAUGE-1/calibrations', calibration('C4', '2026-10-30T08:00:00Z', '2026-10-30T08:00:00Z'))).status).toBe(422);

    // Material received and inspected at incoming (IQC).
    const material = await send(operator, '/v1/lots', {
      lotNumber: 'M-1',
      partNumber: 'BAR-42CrMo4',
      partRevision: '1',
      quantity: 100,
      unit: 'kg',
      siteId: 'SITE-A',
      kind: 'material',
      supplier: 'Acme Steel',
      supplierLotNumber: 'ACME-77',
    });
    expect(material).toMatchObject({ status: 201, body: { streamId: 'lot-M-1', streamVersion: 1 } });
    expect(material.body.eventIds).toHaveLength(1);
    expect(material.body.position).toMatch(/^\d+$/);
    const iqc = await send(
      quality,
      '/v1/lots/M-1/inspections',
      inspection('IQC-1', 'IQC', [25.0], { characteristic: { id: 'DIA', lsl: 24, usl: 26, unit: 'mm' } }),
    );
    expect(iqc).toMatchObject({ status: 201, body: { streamVersion: 2 } });

    // A production lot consumes it.
    expect(
      (await send(operator, '/v1/lots', { lotNumber: 'P-1', partNumber: 'PN-4711', partRevision: 'C', quantity: 500, unit: 'pcs', siteId: 'SITE-A' })).body
        .streamVersion,
    ).toBe(1);
    const consumed = await send(operator, '/v1/lots/P-1/consumptions', { inputLotNumber: 'M-1', quantity: 12.5, unit: 'kg', stepId: 'OP10' });
    expect(consumed).toMatchObject({ status: 201, body: { streamId: 'lot-P-1', streamVersion: 2 } });
    expect((await send(operator, '/v1/lots/P-1/consumptions', { inputLotNumber: 'M-1', quantity: 87.6, unit: 'kg' })).body).toMatchObject({
      status: 422,
      type: expect.stringContaining('over-consumption'),
    });
    expect((await send(operator, '/v1/lots/M-1/consumptions', { inputLotNumber: 'P-1', quantity: 1, unit: 'pcs' })).body).toMatchObject({
      status: 422,
      type: expect.stringContaining('genealogy-cycle'),
    });
    expect((await send(operator, '/v1/lots/P-1/consumptions', { inputLotNumber: 'M-404', quantity: 1, unit: 'kg' })).status).toBe(422);

    // Three steps, IPQC and OQC.
    for (const [i, id] of ['OP10', 'OP20', 'OP30'].entries()) {
      const reply = await send(
        operator,
        '/v1/lots/P-1/steps',
        step(id, (i + 1) * 10, {
          startedAt: `2026-11-25T${String(8 + i).padStart(2, '0')}:00:00Z`,
          completedAt: `2026-11-25T${String(8 + i).padStart(2, '0')}:45:00Z`,
        }),
      );
      expect(reply).toMatchObject({ status: 201, body: { streamVersion: 3 + i } });
    }
    expect((await send(quality, '/v1/lots/P-1/inspections', inspection('IPQC-1', 'IPQC', [25.01, 24.99, 25.0]))).body.streamVersion).toBe(6);
    expect((await send(quality, '/v1/lots/P-1/inspections', inspection('OQC-1', 'OQC', [25.0, 25.06]))).body.streamVersion).toBe(7);

    // A nonconformance and its disposition.
    expect((await send(quality, '/v1/lots/P-1/nonconformances', { ncId: 'NC-1', description: 'OD above USL', quantityAffected: 12 })).body.streamVersion).toBe(
      8,
    );
    expect((await send(quality, '/v1/lots/P-1/nonconformances/NC-1/disposition', { disposition: 'rework', authorizedBy: 'MRB' })).body.streamVersion).toBe(9);
    expect((await send(quality, '/v1/lots/P-1/nonconformances/NC-1/disposition', { disposition: 'scrap', authorizedBy: 'MRB' })).status).toBe(409);
    expect((await send(quality, '/v1/lots/P-1/nonconformances/NC-9/disposition', { disposition: 'scrap', authorizedBy: 'MRB' })).status).toBe(404);

    // Shipment; once all is shipped the lot takes no more steps.
    expect(
      (await send(operator, '/v1/lots/P-1/shipments', { shipmentId: 'SH-1', customer: 'Globex', quantity: 480, shippedAt: '2026-11-28T16:00:00Z' })).body
        .streamVersion,
    ).toBe(10);
    expect(
      (await send(operator, '/v1/lots/P-1/shipments', { shipmentId: 'SH-2', customer: 'Globex', quantity: 21, shippedAt: '2026-11-28T17:00:00Z' })).status,
    ).toBe(422);
    expect(
      (await send(operator, '/v1/lots/P-1/shipments', { shipmentId: 'SH-2', customer: 'Globex', quantity: 20, shippedAt: '2026-11-28T17:00:00Z' })).body
        .streamVersion,
    ).toBe(11);
    expect((await send(operator, '/v1/lots/P-1/steps', step('OP40', 40))).body).toMatchObject({ status: 422, type: expect.stringContaining('lot-shipped') });

    // A prototype build with notes, completion and promotion.
    const build = { buildId: 'PB-1', partNumber: 'PN-4711', designRevision: 'D0.3', siteId: 'SITE-A', requestedBy: 'R&D', purpose: 'Thin wall trial' };
    expect((await send(engineering, '/v1/prototypes', build)).body).toMatchObject({ streamId: 'prototype-PB-1', streamVersion: 1 });
    expect((await send(engineering, '/v1/prototypes/PB-1/promotion', { partRevision: 'D', routingRevision: 'R1' })).status).toBe(422);
    expect(
      (await send(engineering, '/v1/prototypes/PB-1/steps', step('OP10', 10, { quantityIn: 2, quantityGood: 1, quantityScrapped: 1 }))).body.streamVersion,
    ).toBe(2);
    expect((await send(engineering, '/v1/prototypes/PB-1/inspections', inspection('FAI-1', 'FAI', [25.0]))).body.streamVersion).toBe(3);
    expect((await send(engineering, '/v1/prototypes/PB-1/notes', { kind: 'decision', text: 'Wall raised to 1.2 mm' })).body.streamVersion).toBe(4);
    expect(
      (await send(engineering, '/v1/prototypes/PB-1/notes', { kind: 'issue', text: 'Chatter on first piece', occurredAt: '2026-10-02T10:00:00+02:00' })).body
        .streamVersion,
    ).toBe(5);
    expect((await send(engineering, '/v1/prototypes/PB-1/completion', { outcome: 'accepted' })).body.streamVersion).toBe(6);
    expect(
      (await send(engineering, '/v1/prototypes/PB-1/promotion', { partRevision: 'D', routingRevision: 'R1', sopRevisions: { turning: 'SOP-1 A' } })).body
        .streamVersion,
    ).toBe(7);

    // What is stored.
    const pool = app.db.pool;
    const lot = await storedEvents(pool, 'lot-P-1');
    expect(lot.map((e) => e.type)).toEqual([
      'LotRegistered',
      'MaterialConsumed',
      'ProductionStepCompleted',
      'ProductionStepCompleted',
      'ProductionStepCompleted',
      'InspectionRecorded',
      'InspectionRecorded',
      'NonconformanceRaised',
      'NonconformanceDispositioned',
      'LotShipped',
      'LotShipped',
    ]);
    expect(lot[0].metadata).toMatchObject({ actor: { keyId: operator.keyId, role: 'operator', label: 'line 1 MES' }, siteId: 'SITE-A' });
    expect(lot[0].metadata.correlationId).toEqual(expect.any(String));
    expect(lot[2].occurred_at.toISOString()).toBe('2026-11-25T08:45:00.000Z');
    expect(lot[5]).toMatchObject({ schema_version: 2, data: { verdict: 'pass', partNumber: 'PN-4711', stage: 'IPQC' } });
    expect(lot[6].data).toMatchObject({ verdict: 'fail', stage: 'OQC' });
    expect(lot[6].occurred_at.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    const materialEvents = await storedEvents(pool, 'lot-M-1');
    expect(materialEvents.map((e) => e.type)).toEqual(['LotRegistered', 'InspectionRecorded', 'MaterialIssued']);
    expect(materialEvents[2].data).toEqual({ toLotNumber: 'P-1', quantity: 12.5, unit: 'kg' });
    // The edge is written on both lots in one transaction.
    expect(materialEvents[2].transaction_id).toBe(lot[1].transaction_id);
    expect((await storedEvents(pool, 'prototype-PB-1')).map((e) => e.type)).toEqual([
      'PrototypeBuildStarted',
      'PrototypeStepRecorded',
      'PrototypeInspectionRecorded',
      'PrototypeNoteAdded',
      'PrototypeNoteAdded',
      'PrototypeBuildCompleted',
      'PrototypePromoted',
    ]);
    expect((await storedEvents(pool, 'prototype-PB-1'))[4].occurred_at.toISOString()).toBe('2026-10-02T08:00:00.000Z');
    expect((await storedEvents(pool, 'equipment-GAUGE-1')).map((e) => e.type)).toEqual(['EquipmentRegistered', 'CalibrationRecorded', 'CalibrationRecorded']);
  });

  it('keeps sites apart and refuses writers without the role', async () => {
    await send(operator, '/v1/lots', { lotNumber: 'S-1', partNumber: 'PN-1', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'SITE-A' });
    const before = await eventCount(app.db.pool);
    const hidden = await send(otherSite, '/v1/lots/S-1/steps', step('OP10', 10, { quantityIn: 10, quantityGood: 10, quantityScrapped: 0 }));
    const missing = await send(otherSite, '/v1/lots/S-404/steps', step('OP10', 10, { quantityIn: 10, quantityGood: 10, quantityScrapped: 0 }));
    expect(hidden.status).toBe(404);
    expect(hidden.body.detail).toBe(missing.body.detail.replace('S-404', 'S-1'));
    expect(
      (await send(otherSite, '/v1/lots', { lotNumber: 'S-2', partNumber: 'PN-1', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'SITE-A' })).status,
    ).toBe(403);
    expect(
      (await send(auditor, '/v1/lots', { lotNumber: 'S-3', partNumber: 'PN-1', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'SITE-A' })).status,
    ).toBe(403);
    expect((await send(operator, '/v1/lots/S-1/inspections', inspection('I-1', 'IPQC', [25]))).status).toBe(403);
    expect(await eventCount(app.db.pool)).toBe(before);
  });

  it('refuses what the domain forbids: duplicate lots, bad gauges, a client verdict, lot routes on builds', async () => {
    await send(operator, '/v1/lots', { lotNumber: 'R-1', partNumber: 'PN-1', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'SITE-A' });
    await send(engineering, '/v1/prototypes', {
      buildId: 'PB-R',
      partNumber: 'PN-1',
      designRevision: 'D0',
      siteId: 'SITE-A',
      requestedBy: 'R&D',
      purpose: 'x',
    });
    const before = await eventCount(app.db.pool);
    const again = await send(operator, '/v1/lots', { lotNumber: 'R-1', partNumber: 'PN-2', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'SITE-A' });
    expect(again).toMatchObject({ status: 409, contentType: expect.stringContaining('application/problem+json') });
    expect((await send(quality, '/v1/lots/R-1/inspections', inspection('I-1', 'IPQC', [25], { gaugeId: 'GAUGE-404' }))).status).toBe(422);
    await send(metrology, '/v1/equipment', { equipmentId: 'MILL-9', kind: 'machine', description: 'Mill', siteId: 'SITE-A', calibrationIntervalDays: 365 });
    expect((await send(quality, '/v1/lots/R-1/inspections', inspection('I-1', 'IPQC', [25], { gaugeId: 'MILL-9' }))).status).toBe(422);
    const withVerdict = await send(quality, '/v1/lots/R-1/inspections', { ...inspection('I-1', 'IPQC', [25]), verdict: 'pass' });
    expect(withVerdict).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'verdict' })] } });
    expect(
      (await send(quality, '/v1/lots/R-1/inspections', inspection('I-1', 'IPQC', [25], { characteristic: { id: 'D', lsl: 2, usl: 1, unit: 'mm' } }))).status,
    ).toBe(422);
    expect((await send(operator, '/v1/lots/R-1/steps', step('OP10', 10, { completedAt: '2026-11-25T07:00:00Z' }))).status).toBe(422);
    expect((await send(operator, '/v1/lots/R-1/steps', step('OP10', 10, { quantityIn: 5, quantityGood: 5, quantityScrapped: 1 }))).status).toBe(422);
    expect((await send(operator, '/v1/lots/R-1/steps', step('OP10', 10, { equipmentIds: [] }))).status).toBe(400);
    expect((await send(operator, '/v1/lots/PB-R/steps', step('OP10', 10))).status).toBe(404);
    expect(
      (await send(operator, '/v1/lots', { lotNumber: 'PB-R', partNumber: 'PN-1', partRevision: 'A', quantity: 1, unit: 'pcs', siteId: 'SITE-A' })).status,
    ).toBe(422);
    expect(
      (
        await send(engineering, '/v1/prototypes', {
          buildId: 'R-1',
          partNumber: 'PN-1',
          designRevision: 'D0',
          siteId: 'SITE-A',
          requestedBy: 'R&D',
          purpose: 'x',
        })
      ).status,
    ).toBe(422);
    expect((await send(engineering, '/v1/prototypes/R-1/notes', { kind: 'issue', text: 'x' })).status).toBe(404);
    expect((await send(operator, '/v1/lots/R-1/splits', { childLotNumber: 'R-1', quantity: 1 })).status).toBe(409);
    expect((await send(operator, '/v1/lots/R-1/splits', { childLotNumber: 'R-1.B', quantity: 11 })).status).toBe(422);
    expect(await eventCount(app.db.pool)).toBe(before + 1);
    const split = await send(operator, '/v1/lots/R-1/splits', { childLotNumber: 'R-1.B', quantity: 4 });
    expect(split).toMatchObject({ status: 201, body: { streamId: 'lot-R-1', streamVersion: 2 } });
    expect((await storedEvents(app.db.pool, 'lot-R-1.B'))[0].data).toMatchObject({ lotNumber: 'R-1.B', quantity: 4, splitFrom: 'R-1', partNumber: 'PN-1' });
  });

  it('documents every write route in OpenAPI with its body schema and an example', async () => {
    const document = (await (await fetch(`${app.baseUrl}/docs/openapi.json`)).json()) as { paths: Record<string, any> };
    const routes = [
      '/v1/lots',
      '/v1/lots/{lotNumber}/consumptions',
      '/v1/lots/{lotNumber}/splits',
      '/v1/lots/{lotNumber}/steps',
      '/v1/lots/{lotNumber}/inspections',
      '/v1/lots/{lotNumber}/nonconformances',
      '/v1/lots/{lotNumber}/nonconformances/{ncId}/disposition',
      '/v1/lots/{lotNumber}/shipments',
      '/v1/equipment',
      '/v1/equipment/{equipmentId}/calibrations',
      '/v1/prototypes',
      '/v1/prototypes/{buildId}/steps',
      '/v1/prototypes/{buildId}/inspections',
      '/v1/prototypes/{buildId}/notes',
      '/v1/prototypes/{buildId}/completion',
      '/v1/prototypes/{buildId}/promotion',
      '/v1/batch',
    ];
    for (const route of routes) {
      const body = document.paths[route]?.post?.requestBody?.content?.['application/json'];
      expect({ route, schema: body?.schema?.$ref }).toEqual({ route, schema: expect.stringContaining('#/components/schemas/') });
      expect({ route, example: Object.values(body?.examples ?? {})[0] }).toEqual({ route, example: expect.objectContaining({ value: expect.any(Object) }) });
    }
  });
});
