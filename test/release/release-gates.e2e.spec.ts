import { issueTestKey, startTestApp, TEST_ADMIN_KEY, type TestApp } from '@lotstream/testing';
import { httpCaller } from './signer';

// The work-condition release gates over HTTP (issue 17): for each of equipment in calibration,
// operator qualified, SOP revision in force and material accepted at IQC, one lot whose every other
// gate passes is refused release with 422 release-gates-failed naming that gate (nothing stored),
// then released once the missing fact is recorded. Also: a signing credential set with no API key.
describe('release gates on equipment, people, procedures and material (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let quality: Record<string, string>;
  const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
  const PASSWORD = 'Gates-Are-Judged-2291';

  const call = httpCaller(() => t.baseUrl);
  async function created(path: string, body: unknown, headers = integration) {
    const answer = await call('POST', path, headers, body);
    if (answer.status !== 201) throw new Error(`POST ${path} → ${answer.status} ${answer.text}`);
    return answer.body;
  }
  const versionOf = async (streamId: string): Promise<number> =>
    Number((await t.db.pool.query(`SELECT coalesce(max(stream_version), 0) AS v FROM events WHERE stream_id = $1`, [streamId])).rows[0].v);
  const calibrate = (equipmentId: string, calibrationId: string) =>
    created(`/v1/equipment/${equipmentId}/calibrations`, {
      calibrationId,
      performedAt: '2026-11-01T08:00:00Z',
      asFound: 'in-tolerance',
      asLeft: 'in-tolerance',
      nextDueAt: '2027-05-01T08:00:00Z',
      certificateRef: `CERT-${calibrationId}`,
      performedBy: 'Metrology Lab A',
    });
  const equipment = (equipmentId: string, kind: 'gauge' | 'machine') =>
    created('/v1/equipment', { equipmentId, kind, description: `${kind} ${equipmentId}`, siteId: 'SITE-A', calibrationIntervalDays: 180 });
  const person = (personId: string, name: string) => created('/v1/personnel', { personId, name, siteId: 'SITE-A' });
  const qualify = (personId: string, qualificationId: string) =>
    created(`/v1/personnel/${personId}/qualifications`, { qualificationId, operation: 'TURN', validFrom: '2026-01-01T00:00:00Z', grantedBy: 'QE-004' });
  const sop = (documentId: string, revisionId: string) =>
    created(
      '/v1/documents',
      {
        documentId,
        revision: 'A',
        revisionId,
        title: `Turning under ${documentId}`,
        kind: 'sop',
        siteId: 'SITE-A',
        operations: ['TURN'],
        effectiveFrom: '2026-01-01T00:00:00Z',
        requiresTraining: false,
        approvedBy: 'QE-004',
      },
      quality,
    );
  const lot = (lotNumber: string, kind: 'production' | 'material' = 'production') =>
    created('/v1/lots', {
      lotNumber,
      partNumber: kind === 'material' ? 'BAR-42' : 'PN-SHAFT',
      partRevision: 'A',
      quantity: 100,
      unit: 'pcs',
      siteId: 'SITE-A',
      kind,
      ...(kind === 'material' ? { supplierId: 'SUP-ACME', receivedAt: '2026-11-20T08:00:00Z' } : {}),
    });
  /** A step on LATHE-1 by OP-1 under SOP-1-A, all valid over 2026-12-02 08:00–10:00, unless changed. */
  const step = (lotNumber: string, over: Record<string, unknown> = {}) =>
    created(`/v1/lots/${lotNumber}/steps`, {
      stepId: 'OP10',
      operation: 'TURN',
      sequence: 10,
      workCenter: 'WC-1',
      equipmentIds: ['LATHE-1'],
      operatorId: 'OP-1',
      sopRevision: 'SOP-1-A',
      startedAt: '2026-12-02T08:00:00Z',
      completedAt: '2026-12-02T10:00:00Z',
      quantityIn: 100,
      quantityGood: 100,
      quantityScrapped: 0,
      ...over,
    });
  const oqc = (lotNumber: string) =>
    created(
      `/v1/lots/${lotNumber}/inspections`,
      {
        inspectionId: `OQC-${lotNumber}`,
        stage: 'OQC',
        characteristic: { id: 'OD', lsl: 9.9, usl: 10.1, unit: 'mm' },
        measurements: [10.0],
        gaugeId: 'CAL-1',
        inspectorId: 'QE-004',
        inspectedAt: '2026-12-03T08:00:00Z',
      },
      quality,
    );
  const receivingInspection = async (lotNumber: string, inspectionId: string, allBad: boolean) => {
    const plan = (await call('GET', '/v1/suppliers/SUP-ACME/sampling?partNumber=BAR-42&lotSize=100', quality)).body;
    return created(
      `/v1/lots/${lotNumber}/receiving-inspections`,
      { inspectionId, sampleSize: plan.sampleSize, nonconforming: allBad ? plan.sampleSize : 0, inspectedAt: '2026-11-21T09:00:00Z', inspectorId: 'IQC-1' },
      quality,
    );
  };
  const readiness = async (lotNumber: string) => (await call('GET', `/v1/lots/${lotNumber}/release-readiness`, quality)).body;
  const gateOf = async (lotNumber: string, name: string) => (await readiness(lotNumber)).gates.find((g: { gate: string }) => g.gate === name);
  const release = (lotNumber: string) =>
    call('POST', `/v1/lots/${lotNumber}/release`, quality, {
      releaseId: `REL-${lotNumber}`,
      signature: { personId: 'QE-004', password: PASSWORD, meaning: 'released' },
    });

  /** Refused naming exactly `gate` as failed, nothing stored on the lot. */
  async function expectRefusedOn(lotNumber: string, gate: string) {
    const before = await versionOf(`lot-${lotNumber}`);
    const ready = await readiness(lotNumber);
    expect(ready.ready).toBe(false);
    expect(ready.gates.filter((g: { passed: boolean }) => !g.passed).map((g: { gate: string }) => g.gate)).toEqual([gate]);
    const refused = await release(lotNumber);
    expect(refused.body).toMatchObject({ status: 422, type: expect.stringContaining('release-gates-failed'), detail: expect.stringContaining(gate) });
    expect(await versionOf(`lot-${lotNumber}`)).toBe(before);
  }
  async function expectReleased(lotNumber: string) {
    expect(await readiness(lotNumber)).toMatchObject({ ready: true });
    const released = await release(lotNumber);
    expect(released.status).toBe(201);
    const { rows } = await t.db.pool.query(`SELECT data FROM events WHERE stream_id = $1 AND type = 'LotReleased'`, [`lot-${lotNumber}`]);
    expect(rows).toHaveLength(1);
    expect(rows[0].data.gates.map((g: { gate: string; passed: boolean }) => [g.gate, g.passed])).toEqual([
      ['oqc-recorded', true],
      ['oqc-passed', true],
      ['nonconformances-dispositioned', true],
      ['no-active-hold', true],
      ['equipment-in-calibration', true],
      ['operators-qualified', true],
      ['sop-revisions-in-force', true],
      ['material-accepted-at-iqc', true],
    ]);
  }

  beforeAll(async () => {
    t = await startTestApp();
    integration = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    quality = (await issueTestKey(t.baseUrl, 'quality', ['SITE-A'])).headers;
    await person('QE-004', 'Dana Whitfield');
    await person('OP-1', 'Oskar Pell');
    await person('OP-2', 'Uma Reyes');
    await qualify('OP-1', 'Q-OP-1-TURN');
    await equipment('CAL-1', 'gauge');
    await equipment('LATHE-1', 'machine');
    await equipment('LATHE-2', 'machine');
    await calibrate('CAL-1', 'C-CAL-1');
    await calibrate('LATHE-1', 'C-LATHE-1');
    await sop('SOP-1', 'SOP-1-A');
    await created('/v1/suppliers', { supplierId: 'SUP-ACME', name: 'Acme Bar Stock', siteIds: ['SITE-A'] }, quality);
    await created(
      '/v1/suppliers/SUP-ACME/approvals',
      { approvalId: 'APR-1', partNumbers: ['BAR-42'], validFrom: '2026-01-01T00:00:00Z', basis: 'audit', approvedBy: 'QE-004' },
      quality,
    );
    await created('/v1/suppliers/SUP-ACME/sampling-plans', { partNumber: 'BAR-42', inspectionLevel: 'II', aql: 1.0 }, quality);
  }, 60_000);
  afterAll(async () => t?.close());

  it('sets a signing credential with no API key at all, and still refuses a wrong or used token and an unknown person', async () => {
    const token = (await created('/v1/personnel/QE-004/signing-enrolment', {}, admin)).enrolmentToken as string;
    const before = await versionOf('person-QE-004');
    const wrong = await call('POST', '/v1/personnel/QE-004/signing-credential', {}, { enrolmentToken: 'x'.repeat(43), password: PASSWORD });
    expect(wrong.body).toMatchObject({ status: 403, type: expect.stringContaining('enrolment-token-rejected') });
    // Without a key an unknown person answers exactly like a wrong token: nobody learns who exists.
    const nobody = await call('POST', '/v1/personnel/NOBODY/signing-credential', {}, { enrolmentToken: token, password: PASSWORD });
    expect(nobody.body).toMatchObject({ status: 403, type: expect.stringContaining('enrolment-token-rejected') });
    expect((await call('POST', '/v1/personnel/QE-004/signing-credential', {}, { enrolmentToken: token, password: 'short' })).status).toBe(400);
    // A key that is sent is still checked: an unknown one is 401, not a keyless call.
    const badKey = { authorization: `Bearer lsk_0123456789abcdef_${'x'.repeat(43)}` };
    expect((await call('POST', '/v1/personnel/QE-004/signing-credential', badKey, { enrolmentToken: token, password: PASSWORD })).status).toBe(401);
    expect(await versionOf('person-QE-004')).toBe(before);

    const set = await call('POST', '/v1/personnel/QE-004/signing-credential', {}, { enrolmentToken: token, password: PASSWORD });
    expect(set.status).toBe(201);
    expect(set.text).not.toContain(PASSWORD);
    const { rows } = await t.db.pool.query(`SELECT type, metadata FROM events WHERE stream_id = 'person-QE-004' ORDER BY stream_version DESC LIMIT 1`);
    expect(rows[0]).toMatchObject({ type: 'SigningCredentialSet', metadata: { actor: { keyId: 'none', role: 'keyless' } } });
    // Used up: the same token again is refused, with or without a key.
    expect((await call('POST', '/v1/personnel/QE-004/signing-credential', {}, { enrolmentToken: token, password: PASSWORD })).status).toBe(403);
    expect((await call('POST', '/v1/personnel/QE-004/signing-credential', quality, { enrolmentToken: token, password: PASSWORD })).status).toBe(403);
  });

  it('refuses a lot made on a machine never calibrated (unknown), and releases it once the calibration in force at the step is recorded', async () => {
    await lot('G-EQ');
    await step('G-EQ', { equipmentIds: ['LATHE-2'] });
    await oqc('G-EQ');
    await expectRefusedOn('G-EQ', 'equipment-in-calibration');
    expect(await gateOf('G-EQ', 'equipment-in-calibration')).toEqual({
      gate: 'equipment-in-calibration',
      passed: false,
      details: ['unknown: LATHE-2 used in step OP10 was not in calibration (no-calibration-before-use)'],
      unknown: ['LATHE-2 used in step OP10 was not in calibration (no-calibration-before-use)'],
    });
    await calibrate('LATHE-2', 'C-LATHE-2');
    await expectReleased('G-EQ');
  });

  it('refuses a lot whose step was run by an operator not qualified for the operation, and releases it once the qualification is granted', async () => {
    await lot('G-OP');
    await step('G-OP', { operatorId: 'OP-2' });
    await oqc('G-OP');
    await expectRefusedOn('G-OP', 'operators-qualified');
    expect(await gateOf('G-OP', 'operators-qualified')).toMatchObject({
      passed: false,
      details: ['OP-2 in step OP10 (TURN) not qualified (no-qualification-for-operation)'],
      unknown: [],
    });
    await qualify('OP-2', 'Q-OP-2-TURN');
    await expectReleased('G-OP');
  });

  it('lists an operator id that is no registered person as unknown, not passed', async () => {
    await lot('G-NOBODY');
    await step('G-NOBODY', { operatorId: 'GHOST-9' });
    await oqc('G-NOBODY');
    await expectRefusedOn('G-NOBODY', 'operators-qualified');
    expect((await gateOf('G-NOBODY', 'operators-qualified')).unknown).toEqual(['GHOST-9 in step OP10 (TURN) not qualified (person-not-registered)']);
  });

  it('refuses a lot whose step ran under a revision nobody released, and releases it once that revision is released in force over the step', async () => {
    await lot('G-SOP');
    await step('G-SOP', { sopRevision: 'SOP-2-A' });
    await oqc('G-SOP');
    const before = await versionOf('lot-G-SOP');
    const refused = await release('G-SOP');
    expect(refused.body).toMatchObject({ status: 422, detail: expect.stringContaining('sop-revisions-in-force') });
    // The operator's training on an unregistered revision cannot be judged either: both gates say unknown.
    const ready = await readiness('G-SOP');
    expect(ready.gates.filter((g: { passed: boolean }) => !g.passed).map((g: { gate: string }) => g.gate)).toEqual([
      'operators-qualified',
      'sop-revisions-in-force',
    ]);
    expect(ready.gates.find((g: { gate: string }) => g.gate === 'sop-revisions-in-force').unknown).toEqual([
      'SOP-2-A in step OP10 (TURN) not in force (revision-not-registered)',
    ]);
    expect(await versionOf('lot-G-SOP')).toBe(before);
    await sop('SOP-2', 'SOP-2-A');
    await expectReleased('G-SOP');
  });

  it('refuses a lot made from material (one level back) without IQC, then not accepted, and releases it once the material is dispositioned use-as-is', async () => {
    await lot('M-2', 'material');
    await lot('SUB-1');
    await created('/v1/lots/SUB-1/consumptions', { inputLotNumber: 'M-2', quantity: 10, unit: 'pcs' });
    await lot('G-MAT');
    await created('/v1/lots/G-MAT/consumptions', { inputLotNumber: 'SUB-1', quantity: 10, unit: 'pcs' });
    await step('G-MAT');
    await oqc('G-MAT');
    await expectRefusedOn('G-MAT', 'material-accepted-at-iqc');
    expect((await gateOf('G-MAT', 'material-accepted-at-iqc')).unknown).toEqual(['material lot M-2 has no receiving inspection']);

    await receivingInspection('M-2', 'IQC-M-2', true);
    await expectRefusedOn('G-MAT', 'material-accepted-at-iqc');
    expect(await gateOf('G-MAT', 'material-accepted-at-iqc')).toMatchObject({
      details: ['material lot M-2 was not accepted at incoming inspection'],
      unknown: [],
    });

    await created('/v1/lots/M-2/nonconformances', { ncId: 'NC-M-2', description: 'burrs on 100 % of the sample', quantityAffected: 100 }, quality);
    await created('/v1/lots/M-2/nonconformances/NC-M-2/disposition', { disposition: 'use-as-is', authorizedBy: 'QE-004' }, quality);
    await expectReleased('G-MAT');
  });
});
