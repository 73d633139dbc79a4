import { issueTestKey, startTestApp, TEST_ADMIN_KEY, type TestApp, waitFor } from '@lotstream/testing';

// People and procedures over HTTP: who was qualified, which SOP revision was in force, at the
// moment of work. A qualified operator, an expired one and one revoked retroactively; history
// flags, impact down to the customers, and the site policy refusing (422, nothing stored) or
// recording (stored and flagged).
describe('people and procedures (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let quality: Record<string, string>;
  let otherSite: Record<string, string>;
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

  async function post(path: string, body: unknown, headers = integration) {
    const answer = await call('POST', path, headers, body);
    if (answer.status !== 201) throw new Error(`POST ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  const get = (path: string, headers = quality) => call('GET', path, headers);

  const step = (stepId: string, operatorId: string, sopRevision: string, startedAt: string, completedAt: string) => ({
    stepId,
    operation: 'turning',
    sequence: 10,
    workCenter: 'WC-2',
    equipmentIds: ['LATHE-7'],
    operatorId,
    sopRevision,
    startedAt,
    completedAt,
    quantityIn: 10,
    quantityGood: 10,
    quantityScrapped: 0,
  });

  const lot = (lotNumber: string) => post('/v1/lots', { lotNumber, partNumber: 'PN-SHAFT', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'SITE-A' });

  const stepEntry = async (lotNumber: string, stepId: string, accept: (entry: any) => boolean = () => true) => {
    const history = await waitFor(
      () => get(`/v1/lots/${lotNumber}/history`),
      (r) => r.status === 200 && r.body.events.some((e: any) => e.type === 'ProductionStepCompleted' && e.data.stepId === stepId && accept(e)),
      { what: `step ${stepId} of ${lotNumber}` },
    );
    return history.body.events.find((e: any) => e.type === 'ProductionStepCompleted' && e.data.stepId === stepId);
  };

  const person = (personId: string) => post('/v1/personnel', { personId, name: `Person ${personId}`, siteId: 'SITE-A' });
  const qualify = (personId: string, qualificationId: string, validFrom: string, validUntil?: string) =>
    post(`/v1/personnel/${personId}/qualifications`, {
      qualificationId,
      operation: 'turning',
      validFrom,
      ...(validUntil ? { validUntil } : {}),
      grantedBy: 'QE-1',
    });
  const train = (personId: string, trainingId: string, revisionId: string, completedAt: string) =>
    post(`/v1/personnel/${personId}/trainings`, { trainingId, revisionId, completedAt, trainer: 'QE-1' });

  beforeAll(async () => {
    t = await startTestApp();
    integration = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    quality = (await issueTestKey(t.baseUrl, 'quality', ['SITE-A'])).headers;
    otherSite = (await issueTestKey(t.baseUrl, 'quality', ['SITE-B'])).headers;

    const release = (revision: string, effectiveFrom: string) =>
      post(
        '/v1/documents',
        {
          documentId: 'SOP-TURN',
          revision,
          revisionId: `SOP-TURN-${revision}`,
          title: 'Turning of shafts',
          kind: 'sop',
          siteId: 'SITE-A',
          operations: ['turning'],
          effectiveFrom,
          requiresTraining: true,
          approvedBy: 'QE-1',
        },
        quality,
      );
    await release('B', '2026-01-01T00:00:00Z');
    await release('C', '2026-06-01T00:00:00Z');

    await post('/v1/equipment', { equipmentId: 'LATHE-7', kind: 'machine', description: 'lathe', siteId: 'SITE-A', calibrationIntervalDays: 365 });
    await post('/v1/equipment', { equipmentId: 'GAUGE-OLD', kind: 'gauge', description: 'micrometer', siteId: 'SITE-A', calibrationIntervalDays: 180 });
    await post('/v1/equipment/GAUGE-OLD/calibrations', {
      calibrationId: 'CAL-OLD',
      performedAt: '2026-01-01T00:00:00Z',
      asFound: 'in-tolerance',
      asLeft: 'in-tolerance',
      nextDueAt: '2026-03-01T00:00:00Z',
      certificateRef: 'CERT-OLD',
      performedBy: 'Lab A',
    });

    await person('P-OK');
    await qualify('P-OK', 'Q-OK', '2026-01-01T00:00:00Z');
    await train('P-OK', 'T-OK-B', 'SOP-TURN-B', '2026-01-02T00:00:00Z');
    await train('P-OK', 'T-OK-C', 'SOP-TURN-C', '2026-05-20T00:00:00Z');
    await person('P-EXP');
    await qualify('P-EXP', 'Q-EXP', '2026-01-01T00:00:00Z', '2026-05-01T00:00:00Z');
    await train('P-EXP', 'T-EXP-C', 'SOP-TURN-C', '2026-05-20T00:00:00Z');
    await person('P-REV');
    await qualify('P-REV', 'Q-REV', '2026-01-01T00:00:00Z');
    await train('P-REV', 'T-REV-C', 'SOP-TURN-C', '2026-05-20T00:00:00Z');
    await person('P-NEW');
    await qualify('P-NEW', 'Q-NEW', '2026-06-15T00:00:00Z');

    await lot('L-OK');
    await post('/v1/lots/L-OK/steps', step('OP10', 'P-OK', 'SOP-TURN-C', '2026-07-01T08:00:00Z', '2026-07-01T09:00:00Z'));
    await lot('L-EXP');
    await post('/v1/lots/L-EXP/steps', step('OP10', 'P-EXP', 'SOP-TURN-C', '2026-07-02T08:00:00Z', '2026-07-02T09:00:00Z'));
    await lot('L-REV');
    await post('/v1/lots/L-REV/steps', step('OP10', 'P-REV', 'SOP-TURN-C', '2026-07-03T08:00:00Z', '2026-07-03T09:00:00Z'));
    await post('/v1/lots/L-REV/splits', { childLotNumber: 'L-REV-1', quantity: 4 });
    await post('/v1/lots/L-REV-1/shipments', { shipmentId: 'SH-REV', customer: 'Beta Pumps', quantity: 4, shippedAt: '2026-07-10T00:00:00Z' });
    await post('/v1/lots/L-OK/shipments', { shipmentId: 'SH-OK', customer: 'Acme', quantity: 10, shippedAt: '2026-07-10T00:00:00Z' });
    await lot('L-NEW');
    await post('/v1/lots/L-NEW/steps', step('OP10', 'P-NEW', 'SOP-TURN-C', '2026-07-04T08:00:00Z', '2026-07-04T09:00:00Z'));
    await lot('L-OLD');
    await post('/v1/lots/L-OLD/steps', step('OP10', 'P-OK', 'SOP-TURN-B', '2026-07-05T08:00:00Z', '2026-07-05T09:00:00Z'));
  });

  afterAll(() => t?.close());

  it('flags each step: qualified and in force, expired, revision superseded', async () => {
    const ok = await stepEntry('L-OK', 'OP10');
    expect(ok.operator).toEqual({ personId: 'P-OK', qualified: true, reasons: [], qualificationId: 'Q-OK' });
    expect(ok.sop).toEqual({ revisionId: 'SOP-TURN-C', inForce: true, reasons: [] });

    const expired = await stepEntry('L-EXP', 'OP10');
    expect(expired.operator).toMatchObject({ personId: 'P-EXP', qualified: false, reasons: ['qualification-expired'] });

    const old = await stepEntry('L-OLD', 'OP10');
    expect(old.sop).toEqual({ revisionId: 'SOP-TURN-B', inForce: false, reasons: ['revision-superseded'], revisionInForce: 'SOP-TURN-C' });
    expect(old.operator).toMatchObject({ qualified: true });

    const untrained = await stepEntry('L-NEW', 'OP10');
    expect(untrained.operator).toMatchObject({ qualified: false, reasons: ['not-trained-on-revision'] });
  });

  it('counts them as deviations of a lot in the part consistency, like an uncalibrated gauge', async () => {
    const answer = await waitFor(
      () => get('/v1/parts/PN-SHAFT/consistency'),
      (r) => r.status === 200 && ['L-OK', 'L-EXP', 'L-OLD', 'L-NEW'].every((n) => r.body.lots.some((l: any) => l.lotNumber === n && l.operations.length === 1)),
      { what: 'consistency of PN-SHAFT' },
    );
    const kinds = (lotNumber: string) =>
      answer.body.lots
        .find((l: any) => l.lotNumber === lotNumber)
        .deviations.map((d: any) => d.kind)
        .filter((k: string) => k === 'operator-not-qualified' || k === 'sop-not-in-force');
    expect(kinds('L-OK')).toEqual([]);
    expect(kinds('L-EXP')).toEqual(['operator-not-qualified']);
    expect(kinds('L-OLD')).toEqual(['sop-not-in-force']);
    expect(kinds('L-NEW')).toEqual(['operator-not-qualified']);
    expect(answer.body.consistent).toBe(false);
  });

  it('answers unknown for a person or a revision never registered', async () => {
    await lot('L-UNK');
    await post('/v1/lots/L-UNK/steps', step('OP10', 'P-NOBODY', 'SOP-NONE-A', '2026-07-06T08:00:00Z', '2026-07-06T09:00:00Z'));
    const entry = await stepEntry('L-UNK', 'OP10');
    expect(entry.operator).toEqual({ personId: 'P-NOBODY', qualified: 'unknown', reasons: [] });
    expect(entry.sop).toEqual({ revisionId: 'SOP-NONE-A', inForce: 'unknown', reasons: [] });
  });

  it('a retroactive revocation changes the answer for the past, and the impact reaches the customers', async () => {
    expect((await stepEntry('L-REV', 'OP10')).operator.qualified).toBe(true);
    const before = await waitFor(
      () => get('/v1/personnel/P-REV/impact'),
      (r) => r.status === 200,
    );
    expect(before.body.steps).toEqual([]);

    await post('/v1/personnel/P-REV/qualifications/Q-REV/revocation', { reason: 'certificate found forged', effectiveFrom: '2026-03-01T00:00:00Z' }, quality);
    const after = await stepEntry('L-REV', 'OP10', (e) => e.operator.qualified === false);
    expect(after.operator).toMatchObject({ qualified: false, reasons: ['qualification-revoked'] });

    const impact = (await get('/v1/personnel/P-REV/impact')).body;
    expect(impact.steps.map((s: any) => [s.lotNumber, s.stepId, s.reasons])).toEqual([['L-REV', 'OP10', ['qualification-revoked']]]);
    expect(impact.lots).toEqual(['L-REV']);
    expect(impact.reachedLots.map((n: any) => n.lotNumber).sort()).toEqual(['L-REV', 'L-REV-1']);
    expect(impact.customers).toEqual(['Beta Pumps']);

    // The auditor replays the person's stream as of before the revocation was recorded: still qualified then.
    const audit = (await issueTestKey(t.baseUrl, 'auditor', ['*'])).headers;
    const stream = (await call('GET', '/v1/audit/streams/person-P-REV', audit)).body;
    const revocation = stream.events.find((e: any) => e.type === 'QualificationRevoked');
    const asOf = new Date(Date.parse(revocation.recordedAt) - 1).toISOString();
    const replayed = (await call('GET', `/v1/audit/streams/person-P-REV?asOf=${encodeURIComponent(asOf)}`, audit)).body;
    expect(replayed.events.map((e: any) => e.type)).not.toContain('QualificationRevoked');
    expect(replayed).toMatchObject({ stateSource: 'decider', state: { revoked: [], qualifications: { 'Q-REV': { operation: 'turning' } } } });
    expect((await call('GET', '/v1/audit/streams/person-P-REV', audit)).body.state.revoked).toEqual(['Q-REV']);

    const view = (await get('/v1/personnel/P-REV')).body;
    expect(view.qualifications).toMatchObject([{ qualificationId: 'Q-REV', status: 'revoked', revocation: { reason: 'certificate found forged' } }]);
    expect(view.steps).toMatchObject([{ lotNumber: 'L-REV', qualified: false }]);
    expect((await get('/v1/personnel/P-EXP')).body.qualifications[0].status).toBe('expired');
    expect((await get('/v1/personnel/P-OK/impact')).body.steps).toEqual([]);
  });

  it('shows a document with its effective windows and the training gaps', async () => {
    const doc = (
      await waitFor(
        () => get('/v1/documents/SOP-TURN'),
        (r) => r.status === 200 && r.body.revisions.length === 2,
      )
    ).body;
    expect(doc.inForce).toBe('SOP-TURN-C');
    expect(doc.revisions.map((r: any) => [r.revisionId, r.status, r.effectiveFrom, r.effectiveUntil])).toEqual([
      ['SOP-TURN-B', 'superseded', '2026-01-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z'],
      ['SOP-TURN-C', 'in-force', '2026-06-01T00:00:00.000Z', null],
    ]);
    const gaps = (await get('/v1/documents/SOP-TURN/training-gaps')).body;
    expect(gaps.untrainedWork).toEqual([
      { personId: 'P-NEW', revisionId: 'SOP-TURN-C', lotNumber: 'L-NEW', stepId: 'OP10', startedAt: '2026-07-04T08:00:00.000Z' },
    ]);
    expect(gaps.untrainedQualified.map((g: any) => g.personId)).toEqual(['P-NEW']);
  });

  it('keeps people and documents to their site', async () => {
    await waitFor(
      () => get('/v1/personnel/P-OK'),
      (r) => r.status === 200,
    );
    expect((await get('/v1/personnel/P-OK', otherSite)).status).toBe(404);
    expect((await get('/v1/personnel/P-OK/impact', otherSite)).status).toBe(404);
    expect((await get('/v1/documents/SOP-TURN', otherSite)).status).toBe(404);
    expect((await call('POST', '/v1/personnel', otherSite, { personId: 'P-X', name: 'X', siteId: 'SITE-A' })).status).toBe(403);
    expect(
      (
        await call('POST', '/v1/personnel/P-OK/trainings', otherSite, {
          trainingId: 'T-X',
          revisionId: 'SOP-TURN-C',
          completedAt: '2026-07-01T00:00:00Z',
          trainer: 'x',
        })
      ).status,
    ).toBe(404);
  });

  it('refuses bad input with a problem and stores nothing', async () => {
    const registered = await call('POST', '/v1/personnel', integration, { personId: 'P-BAD', name: 'Bad', siteId: 'SITE-A', shoeSize: 44 });
    expect(registered.status).toBe(400);
    expect((await call('POST', '/v1/personnel', integration, { personId: 'P'.repeat(65), name: 'Long', siteId: 'SITE-A' })).status).toBe(400);
    const reversed = await call('POST', '/v1/personnel/P-OK/qualifications', integration, {
      qualificationId: 'Q-REVERSED',
      operation: 'turning',
      validFrom: '2026-05-01T00:00:00Z',
      validUntil: '2026-04-01T00:00:00Z',
      grantedBy: 'QE-1',
    });
    expect(reversed).toMatchObject({ status: 422, body: { type: expect.stringContaining('valid-until-not-after-valid-from') } });
    const twice = await call('POST', '/v1/documents', quality, {
      documentId: 'SOP-TURN',
      revision: 'C',
      revisionId: 'SOP-TURN-C2',
      title: 'again',
      kind: 'sop',
      siteId: 'SITE-A',
      operations: ['turning'],
      effectiveFrom: '2026-08-01T00:00:00Z',
      requiresTraining: false,
      approvedBy: 'QE-1',
    });
    expect(twice.status).toBe(409);
    const reused = await call('POST', '/v1/documents', quality, {
      documentId: 'WI-OTHER',
      revision: 'A',
      revisionId: 'SOP-TURN-C',
      title: 'reuses an id',
      kind: 'work-instruction',
      siteId: 'SITE-A',
      operations: [],
      effectiveFrom: '2026-08-01T00:00:00Z',
      requiresTraining: false,
      approvedBy: 'QE-1',
    });
    expect(reused).toMatchObject({ status: 409, body: { type: expect.stringContaining('revision-id-taken') } });
    expect(
      (await call('POST', '/v1/personnel/P-OK/qualifications/Q-NONE/revocation', quality, { reason: 'x', effectiveFrom: '2026-01-01T00:00:00Z' })).status,
    ).toBe(404);
    expect(
      (await call('POST', '/v1/personnel/P-OK/qualifications/Q-OK/revocation', integration, { reason: 'x', effectiveFrom: '2026-01-01T00:00:00Z' })).status,
    ).toBe(403);

    const audit = (await issueTestKey(t.baseUrl, 'auditor', ['*'])).headers;
    expect((await call('GET', '/v1/audit/streams/person-P-BAD', audit)).body.events ?? []).toEqual([]);
    expect((await call('GET', '/v1/audit/streams/document-WI-OTHER', audit)).body.events ?? []).toEqual([]);
    const okStream = (await call('GET', '/v1/audit/streams/person-P-OK', audit)).body;
    expect(okStream.events.map((e: any) => e.data.qualificationId).filter(Boolean)).not.toContain('Q-REVERSED');
  });

  it('with refuse, the command side refuses unqualified work and stale revisions (422, nothing stored); with record, it stores and flags', async () => {
    expect((await call('PUT', '/v1/sites/SITE-A/policy', quality, { operatorQualification: 'refuse' })).status).toBe(403);
    expect((await call('PUT', '/v1/sites/SITE-A/policy', admin, { operatorQualification: 'sometimes' })).status).toBe(400);
    const set = await call('PUT', '/v1/sites/SITE-A/policy', admin, {
      operatorQualification: 'refuse',
      documentEffectivity: 'refuse',
      equipmentCalibration: 'refuse',
    });
    expect(set.status).toBe(201);
    expect((await get('/v1/sites/SITE-A/policy')).body).toMatchObject({
      operatorQualification: 'refuse',
      documentEffectivity: 'refuse',
      equipmentCalibration: 'refuse',
      version: 1,
    });

    await lot('L-POLICY');
    const versionBefore = await call(
      'POST',
      '/v1/lots/L-POLICY/steps',
      integration,
      step('OP10', 'P-EXP', 'SOP-TURN-C', '2026-07-20T08:00:00Z', '2026-07-20T09:00:00Z'),
    );
    expect(versionBefore).toMatchObject({
      status: 422,
      body: { type: expect.stringContaining('operator-not-qualified'), detail: expect.stringContaining('qualification-expired') },
    });
    const stale = await call(
      'POST',
      '/v1/lots/L-POLICY/steps',
      integration,
      step('OP10', 'P-OK', 'SOP-TURN-B', '2026-07-20T08:00:00Z', '2026-07-20T09:00:00Z'),
    );
    expect(stale).toMatchObject({
      status: 422,
      body: { type: expect.stringContaining('document-not-in-force'), detail: expect.stringContaining('revision-superseded') },
    });
    const gauge = await call('POST', '/v1/lots/L-POLICY/inspections', integration, {
      inspectionId: 'INS-P',
      stage: 'IPQC',
      characteristic: { id: 'D', lsl: 9.9, usl: 10.1, unit: 'mm' },
      measurements: [10],
      gaugeId: 'GAUGE-OLD',
      inspectorId: 'QC-1',
      inspectedAt: '2026-07-20T10:00:00Z',
    });
    expect(gauge).toMatchObject({ status: 422, body: { type: expect.stringContaining('equipment-not-in-calibration') } });
    const fine = await post('/v1/lots/L-POLICY/steps', step('OP10', 'P-OK', 'SOP-TURN-C', '2026-07-20T08:00:00Z', '2026-07-20T09:00:00Z'));
    expect(fine.streamVersion).toBe(2);

    await call('PUT', '/v1/sites/SITE-A/policy', admin, {});
    expect((await get('/v1/sites/SITE-A/policy')).body).toMatchObject({ operatorQualification: 'record', documentEffectivity: 'record', version: 2 });
    await post('/v1/lots/L-POLICY/steps', step('OP20', 'P-EXP', 'SOP-TURN-C', '2026-07-21T08:00:00Z', '2026-07-21T09:00:00Z'));
    const flagged = await stepEntry('L-POLICY', 'OP20');
    expect(flagged.operator).toMatchObject({ qualified: false, reasons: ['qualification-expired'] });
    const audit = (await issueTestKey(t.baseUrl, 'auditor', ['*'])).headers;
    const siteStream = (await call('GET', '/v1/audit/streams/site-SITE-A', audit)).body;
    expect(siteStream.events.map((e: any) => [e.type, e.data.operatorQualification])).toEqual([
      ['SitePolicySet', 'refuse'],
      ['SitePolicySet', 'record'],
    ]);
  });

  it('rebuilds the people and documents read model to the same answers', async () => {
    const before = await Promise.all(['P-OK', 'P-EXP', 'P-REV'].map((id) => get(`/v1/personnel/${id}`)));
    const gapsBefore = await get('/v1/documents/SOP-TURN/training-gaps');
    const started = await call('POST', '/v1/admin/projections/rebuild', admin);
    expect(started.status).toBe(202);
    await waitFor(
      () => call('GET', '/v1/admin/projections', admin),
      (r) => ['done', 'failed'].includes(r.body.rebuild?.state),
      { what: 'rebuild finished', timeoutMs: 120_000 },
    ).then((r) => expect(r.body.rebuild.state).toBe('done'));
    const after = await Promise.all(['P-OK', 'P-EXP', 'P-REV'].map((id) => get(`/v1/personnel/${id}`)));
    expect(after.map((r) => r.body)).toEqual(before.map((r) => r.body));
    expect((await get('/v1/documents/SOP-TURN/training-gaps')).body).toEqual(gapsBefore.body);
  });

  it('takes the new commands in a batch, each checked alone', async () => {
    const batch = await call('POST', '/v1/batch', integration, {
      commands: [
        { type: 'RegisterPerson', payload: { personId: 'P-BATCH', name: 'Batch Person', siteId: 'SITE-A' } },
        {
          type: 'GrantQualification',
          payload: { personId: 'P-BATCH', qualificationId: 'Q-B', operation: 'turning', validFrom: '2026-01-01T00:00:00Z', grantedBy: 'QE-1' },
        },
      ],
    });
    expect(batch.status).toBeLessThan(300);
    const view = await waitFor(
      () => get('/v1/personnel/P-BATCH'),
      (r) => r.status === 200 && r.body.qualifications.length === 1,
    );
    expect(view.body.qualifications[0]).toMatchObject({ qualificationId: 'Q-B', status: 'valid' });
  });
});
