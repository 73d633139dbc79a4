import { issueTestKey, startTestApp, type TestApp, waitFor } from '@lotstream/testing';
import { enrolSigner, httpCaller } from './signer';

// Step corrections over HTTP (issue 17, "Corrections"): the step-based read models follow a signed
// correction of a step and drop a voided one — person impact ("which lots did this person work on
// while not qualified"), calibration impact ("which lots used this machine while out of tolerance"),
// the device history's operator answer and the lot summary.
//
// The operator of a step is a reference to another record: correction rules refuse it (it is
// recorded again); what is corrected here is the operation and the times the answers judge.
describe('step corrections in person impact and calibration impact (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let quality: Record<string, string>;
  const PASSWORD = 'Steps-Are-Corrected-7731';
  const stepEvents: Record<string, string> = {};

  const call = httpCaller(() => t.baseUrl);
  async function created(path: string, body: unknown, headers = integration) {
    const answer = await call('POST', path, headers, body);
    if (answer.status !== 201) throw new Error(`POST ${path} → ${answer.status} ${answer.text}`);
    return answer.body;
  }
  const signature = { personId: 'QE-017', password: PASSWORD, meaning: 'approved' };
  const step = (stepId: string, operation: string, startedAt: string, completedAt: string) => ({
    stepId,
    operation,
    sequence: 10,
    workCenter: 'WC-MILL-1',
    equipmentIds: ['MILL-3'],
    operatorId: 'OPR-17',
    sopRevision: 'SOP-MACH-A',
    startedAt,
    completedAt,
    quantityIn: 20,
    quantityGood: 20,
    quantityScrapped: 0,
  });
  const personImpactSteps = (expected: string[]) =>
    waitFor(
      () => call('GET', '/v1/personnel/OPR-17/impact', quality),
      (r) => r.status === 200 && JSON.stringify(r.body.steps.map((s: any) => s.stepId).sort()) === JSON.stringify(expected),
      { what: `person impact naming ${expected.join(', ') || 'no step'}` },
    );
  const calibrationImpactSteps = (expected: string[]) =>
    waitFor(
      () => call('GET', '/v1/equipment/MILL-3/impact?calibrationId=CAL-MILL-2', quality),
      (r) => r.status === 200 && JSON.stringify(r.body.steps.map((s: any) => s.stepId).sort()) === JSON.stringify(expected),
      { what: `calibration impact naming ${expected.join(', ') || 'no step'}` },
    );

  beforeAll(async () => {
    // Through the broker: steps travel on the production topic, their corrections on the quality topic.
    t = await startTestApp({ kafka: true });
    integration = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    quality = (await issueTestKey(t.baseUrl, 'quality', ['SITE-A'])).headers;
    await enrolSigner(call, {
      personId: 'QE-017',
      name: 'Robin Ashby',
      siteId: 'SITE-A',
      password: PASSWORD,
      registeredWith: integration,
      credentialWith: integration,
    });
    // OPR-17 is qualified for turning only: milling by OPR-17 is work in doubt.
    await created('/v1/personnel', { personId: 'OPR-17', name: 'Sam Oduya', siteId: 'SITE-A' });
    await created('/v1/personnel/OPR-17/qualifications', {
      qualificationId: 'Q-17',
      operation: 'turning',
      validFrom: '2026-01-01T00:00:00Z',
      grantedBy: 'QE-1',
    });
    await created(
      '/v1/documents',
      {
        documentId: 'SOP-MACH',
        revision: 'A',
        revisionId: 'SOP-MACH-A',
        title: 'Machining',
        kind: 'sop',
        siteId: 'SITE-A',
        operations: ['turning', 'milling'],
        effectiveFrom: '2026-01-01T00:00:00Z',
        requiresTraining: false,
        approvedBy: 'QE-1',
      },
      quality,
    );
    // MILL-3: good on 1 November, found out of tolerance on 20 November: its uses in between are in doubt.
    await created('/v1/equipment', { equipmentId: 'MILL-3', kind: 'machine', description: 'mill', siteId: 'SITE-A', calibrationIntervalDays: 365 });
    for (const [calibrationId, performedAt, asFound] of [
      ['CAL-MILL-1', '2026-11-01T00:00:00Z', 'in-tolerance'],
      ['CAL-MILL-2', '2026-11-20T00:00:00Z', 'out-of-tolerance'],
    ]) {
      await created('/v1/equipment/MILL-3/calibrations', {
        calibrationId,
        performedAt,
        asFound,
        asLeft: 'in-tolerance',
        nextDueAt: '2027-11-01T00:00:00Z',
        certificateRef: `CERT-${calibrationId}`,
        performedBy: 'Metrology Lab A',
      });
    }
    await created('/v1/lots', { lotNumber: 'SC-1', partNumber: 'PN-SC', partRevision: 'A', quantity: 20, unit: 'pcs', siteId: 'SITE-A' });
    // OP10 recorded as milling on 25 November (after the calibration: not in doubt); really turning on 10 November.
    stepEvents.OP10 = (await created('/v1/lots/SC-1/steps', step('OP10', 'milling', '2026-11-25T08:00:00Z', '2026-11-25T09:00:00Z'))).eventIds[0];
    // OP20 was never done on this lot: milling on 12 November, voided below.
    stepEvents.OP20 = (await created('/v1/lots/SC-1/steps', step('OP20', 'milling', '2026-11-12T08:00:00Z', '2026-11-12T09:00:00Z'))).eventIds[0];
  }, 120_000);

  afterAll(async () => t?.close());

  it('a corrected step changes the person impact and the calibration impact; a voided one leaves both', async () => {
    await personImpactSteps(['OP10', 'OP20']);
    await calibrationImpactSteps(['OP20']);

    const refused = await call('POST', '/v1/lots/SC-1/corrections', quality, {
      correctionId: 'COR-OPR',
      eventId: stepEvents.OP10,
      reason: 'another operator',
      corrected: { operatorId: 'OPR-18' },
      signature,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.type).toContain('field-not-correctable');

    const corrected = await call('POST', '/v1/lots/SC-1/corrections', quality, {
      correctionId: 'COR-OP10',
      eventId: stepEvents.OP10,
      reason: 'Traveller shows turning on 10 November; keyed from the wrong line',
      corrected: { operation: 'turning', startedAt: '2026-11-10T08:00:00Z', completedAt: '2026-11-10T09:00:00Z' },
      signature,
    });
    expect(corrected.status).toBe(201);
    // Turning: OPR-17 was qualified, so OP10 leaves the person impact; 10 November is inside MILL-3's doubt.
    const person = await personImpactSteps(['OP20']);
    expect(person.body.lots).toEqual(['SC-1']);
    const machine = await calibrationImpactSteps(['OP10', 'OP20']);
    expect(machine.body.steps.find((s: any) => s.stepId === 'OP10')).toMatchObject({ operation: 'turning', startedAt: '2026-11-10T08:00:00.000Z' });

    const voided = await call('POST', '/v1/lots/SC-1/voids', quality, {
      voidId: 'VOID-OP20',
      eventId: stepEvents.OP20,
      reason: 'Recorded on the wrong lot',
      signature,
    });
    expect(voided.status).toBe(201);
    const none = await personImpactSteps([]);
    expect(none.body.lots).toEqual([]);
    await calibrationImpactSteps(['OP10']);
    const view = (await call('GET', '/v1/personnel/OPR-17', quality)).body;
    expect(view.steps.map((s: any) => [s.stepId, s.operation, s.qualified])).toEqual([['OP10', 'turning', true]]);

    // The device history keeps the original beside the correction, and judges the operator on the corrected step.
    const history = (await call('GET', '/v1/lots/SC-1/history', quality)).body;
    const op10 = history.events.find((e: any) => e.eventId === stepEvents.OP10);
    expect(op10.data.operation).toBe('milling');
    expect(op10.current.operation).toBe('turning');
    expect(op10.operator).toMatchObject({ personId: 'OPR-17', qualified: true });
    expect(history.events.find((e: any) => e.eventId === stepEvents.OP20).voidedBy).toMatchObject({ id: 'VOID-OP20' });

    // The summary counts the lot as corrected and says it was never released.
    const summary = await waitFor(
      () => call('GET', '/v1/lots/SC-1', quality),
      (r) => r.status === 200 && r.body.stepsDone === 1,
      { what: 'the summary without the voided step' },
    );
    expect(summary.body.steps.map((s: any) => [s.stepId, s.operation])).toEqual([['OP10', 'turning']]);
    expect(summary.body.release).toEqual({ status: 'none', onHold: false, activeHolds: [] });
  }, 120_000);
});
