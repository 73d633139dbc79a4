import { isRejection, Rejection } from '@lotstream/domain';
import { decideApproveSupplier } from './approve-supplier/approve-supplier';
import { decideRecordReceivingInspection, ReceivedLot } from './record-receiving-inspection/record-receiving-inspection';
import { decideRegisterSupplier } from './register-supplier/register-supplier';
import { decideReinstateSupplier } from './reinstate-supplier/reinstate-supplier';
import { decideResumeSampling } from './resume-sampling/resume-sampling';
import { decideSetSamplingPlan } from './set-sampling-plan/set-sampling-plan';
import { decideSuspendSupplier } from './suspend-supplier/suspend-supplier';
import type { ReceivingInspectionRecorded, SupplierEvent } from './supplier.events';
import { approvalFor, evolveSupplier, initialSupplierState, SupplierState } from './supplier.state';
import { samplingAnswer, supplierAnswer } from './supplier-queries/supplier-answers';
import { lotNotAcceptedRefusal } from './lot-acceptance';

const given = (...events: SupplierEvent[]): SupplierState => events.reduce(evolveSupplier, initialSupplierState);
const registered: SupplierEvent = { type: 'SupplierRegistered', data: { supplierId: 'SUP-1', name: 'Acme Bar Stock', siteIds: ['SITE-A'] } };
const approved: SupplierEvent = {
  type: 'SupplierApproved',
  data: {
    approvalId: 'APR-1',
    partNumbers: ['BAR-42'],
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2027-01-01T00:00:00Z',
    basis: 'audit',
    approvedBy: 'QE-4',
  },
};
const plan: SupplierEvent = { type: 'SamplingPlanSet', data: { partNumber: 'BAR-42', inspectionLevel: 'II', aql: 1, severity: 'normal' } };
const lot: ReceivedLot = { lotNumber: 'M-1', partNumber: 'BAR-42', quantity: 1000 };
const inspect = (state: SupplierState, id: string, nonconforming: number, sampleSize = 80) =>
  decideRecordReceivingInspection(
    { lotNumber: lot.lotNumber, inspectionId: id, sampleSize, nonconforming, inspectedAt: '2026-03-01T08:00:00Z', inspectorId: 'IQC-1' },
    lot,
    state,
  );
const code = (decision: unknown) => (isRejection(decision) ? (decision as Rejection).code : 'accepted-command');

describe('supplier decisions', () => {
  it('registers a supplier once (409 the second time)', () => {
    expect(decideRegisterSupplier({ supplierId: 'SUP-1', name: 'Acme', siteIds: ['SITE-A', 'SITE-A'] }, given())).toEqual([
      { type: 'SupplierRegistered', data: { supplierId: 'SUP-1', name: 'Acme', siteIds: ['SITE-A'] } },
    ]);
    expect(code(decideRegisterSupplier({ supplierId: 'SUP-1', name: 'Acme', siteIds: ['SITE-A'] }, given(registered)))).toBe('supplier-already-registered');
  });

  it('approves for parts or a commodity, not both, with validUntil after validFrom', () => {
    const base = { supplierId: 'SUP-1', approvalId: 'APR-2', validFrom: '2026-01-01T00:00:00Z', basis: 'audit' as const, approvedBy: 'QE-4' };
    expect(code(decideApproveSupplier({ ...base, partNumbers: ['BAR-42'] }, given(registered)))).toBe('accepted-command');
    expect(code(decideApproveSupplier({ ...base, commodity: 'bar stock' }, given(registered)))).toBe('accepted-command');
    expect(code(decideApproveSupplier({ ...base, partNumbers: ['BAR-42'], commodity: 'bar stock' }, given(registered)))).toBe('approval-scope');
    expect(code(decideApproveSupplier({ ...base }, given(registered)))).toBe('approval-scope');
    expect(code(decideApproveSupplier({ ...base, partNumbers: ['X'], validUntil: '2025-01-01T00:00:00Z' }, given(registered)))).toBe(
      'valid-until-not-after-valid-from',
    );
    expect(code(decideApproveSupplier({ ...base, approvalId: 'APR-1', partNumbers: ['X'] }, given(registered, approved)))).toBe('approval-already-recorded');
  });

  it('an approval covers its parts inside its validity and not while the supplier is suspended', () => {
    const suspended: SupplierEvent = { type: 'SupplierSuspended', data: { reason: 'audit failed', effectiveFrom: '2026-06-01T00:00:00Z' } };
    const reinstated: SupplierEvent = { type: 'SupplierReinstated', data: { effectiveFrom: '2026-07-01T00:00:00Z', reinstatedBy: 'QE-4' } };
    const state = given(registered, approved, suspended, reinstated);
    expect(approvalFor(state, 'BAR-42', '2026-05-31T23:59:59Z')?.approvalId).toBe('APR-1');
    expect(approvalFor(state, 'BAR-42', '2026-06-15T00:00:00Z')).toBeUndefined();
    expect(approvalFor(state, 'BAR-42', '2026-07-01T00:00:00Z')?.approvalId).toBe('APR-1');
    expect(approvalFor(state, 'BAR-42', '2027-01-01T00:00:00Z')).toBeUndefined();
    expect(approvalFor(state, 'OTHER', '2026-03-01T00:00:00Z')).toBeUndefined();
  });

  it('suspends once, reinstates only a suspended supplier', () => {
    const suspend = { supplierId: 'SUP-1', reason: 'late deliveries', effectiveFrom: '2026-06-01T00:00:00Z' };
    const suspended = given(registered, ...(decideSuspendSupplier(suspend, given(registered)) as SupplierEvent[]));
    expect(code(decideSuspendSupplier(suspend, suspended))).toBe('supplier-already-suspended');
    expect(code(decideReinstateSupplier({ supplierId: 'SUP-1', effectiveFrom: '2026-07-01T00:00:00Z', reinstatedBy: 'QE-4' }, given(registered)))).toBe(
      'supplier-not-suspended',
    );
    expect(code(decideReinstateSupplier({ supplierId: 'SUP-1', effectiveFrom: '2026-05-01T00:00:00Z', reinstatedBy: 'QE-4' }, suspended))).toBe(
      'reinstatement-before-suspension',
    );
    expect(code(decideReinstateSupplier({ supplierId: 'SUP-1', effectiveFrom: '2026-07-01T00:00:00Z', reinstatedBy: 'QE-4' }, suspended))).toBe(
      'accepted-command',
    );
  });

  it('sets a sampling plan only with a preferred AQL, starting on normal unless told', () => {
    expect(decideSetSamplingPlan({ supplierId: 'SUP-1', partNumber: 'BAR-42', inspectionLevel: 'II', aql: 1 }, given(registered))).toEqual([plan]);
    expect(code(decideSetSamplingPlan({ supplierId: 'SUP-1', partNumber: 'BAR-42', inspectionLevel: 'II', aql: 0.5 }, given(registered)))).toBe(
      'aql-not-preferred',
    );
  });
});

describe('receiving inspection by the supplier’s plan', () => {
  const state = given(registered, approved, plan);
  it('applies the plan (lot 1000, level II, AQL 1.0 normal: J, n 80, Ac 2, Re 3) and accepts at 2 nonconforming', () => {
    const events = inspect(state, 'IQC-1', 2) as ReceivingInspectionRecorded[];
    expect(events[0].data.plan).toEqual({
      standard: 'ISO 2859-1',
      inspectionLevel: 'II',
      aql: 1,
      severity: 'normal',
      codeLetter: 'J',
      sampleSize: 80,
      acceptNumber: 2,
      rejectNumber: 3,
      hundredPercent: false,
    });
    expect(events[0].data.decision).toBe('accepted');
    // One step tighter (AQL 0.65, J) is Ac 1: 2 nonconforming would not pass it.
    expect(events[0].data.acceptedOneStepTighter).toBe(false);
  });
  it('does not accept at the rejection number', () => {
    expect((inspect(state, 'IQC-1', 3) as ReceivingInspectionRecorded[])[0].data.decision).toBe('not-accepted');
  });
  it('refuses a sample size other than the plan’s (422), but takes a 100 % inspection', () => {
    expect(code(inspect(state, 'IQC-1', 0, 50))).toBe('sample-size-not-plan');
    expect((inspect(state, 'IQC-1', 0, 1000) as ReceivingInspectionRecorded[])[0].data.plan.hundredPercent).toBe(true);
  });
  it('refuses more nonconforming than pieces sampled, and a lot without a plan', () => {
    expect(code(inspect(state, 'IQC-1', 81))).toBe('nonconforming-exceeds-sample');
    expect(code(inspect(given(registered), 'IQC-1', 0))).toBe('no-sampling-plan');
  });
  it('switches to tightened after 2 lots not accepted and then samples by Table II-B (J: Ac 1, Re 2)', () => {
    const afterTwo = [1, 2].reduce((s, i) => evolveSupplier(s, (inspect(s, `IQC-${i}`, 3) as SupplierEvent[])[0]), state);
    expect(afterTwo.plans.get('BAR-42')?.switching.severity).toBe('tightened');
    const next = (inspect(afterTwo, 'IQC-3', 2) as ReceivingInspectionRecorded[])[0].data;
    expect(next.plan).toMatchObject({ severity: 'tightened', codeLetter: 'J', sampleSize: 80, acceptNumber: 1, rejectNumber: 2 });
    expect(next.decision).toBe('not-accepted');
  });
  it('refuses inspection once discontinued (422 inspection-discontinued) until resumed on tightened', () => {
    let s = state;
    for (let i = 1; i <= 7; i++) s = evolveSupplier(s, (inspect(s, `IQC-${i}`, 3) as SupplierEvent[])[0]);
    expect(s.plans.get('BAR-42')?.switching.severity).toBe('discontinued');
    expect(code(inspect(s, 'IQC-8', 0))).toBe('inspection-discontinued');
    const resumed = decideResumeSampling({ supplierId: 'SUP-1', partNumber: 'BAR-42', resumedBy: 'QE-4', reason: '8D closed' }, s) as SupplierEvent[];
    s = evolveSupplier(s, resumed[0]);
    expect(s.plans.get('BAR-42')?.switching.severity).toBe('tightened');
    expect(code(decideResumeSampling({ supplierId: 'SUP-1', partNumber: 'BAR-42', resumedBy: 'QE-4', reason: 'again' }, s))).toBe(
      'inspection-not-discontinued',
    );
  });
});

describe('supplier answers', () => {
  it('tells the inspector what to pull for the next receipt, and follows the switching', () => {
    const state = given(registered, approved, plan);
    expect(samplingAnswer(state, 'BAR-42', 1000)).toMatchObject({
      severity: 'normal',
      codeLetter: 'J',
      sampleSize: 80,
      acceptNumber: 2,
      rejectNumber: 3,
      switchingScore: 0,
    });
    const afterTwo = [1, 2].reduce((s, i) => evolveSupplier(s, (inspect(s, `IQC-${i}`, 3) as SupplierEvent[])[0]), state);
    expect(samplingAnswer(afterTwo, 'BAR-42', 1000)).toMatchObject({
      severity: 'tightened',
      sampleSize: 80,
      acceptNumber: 1,
      rejectNumber: 2,
      history: ['M-1', 'M-1'],
    });
  });
  it('refuses a lot size of 0 or an absurd one, and an unknown part', () => {
    const state = given(registered, approved, plan);
    expect(code(samplingAnswer(state, 'BAR-42', 0))).toBe('lot-size-out-of-range');
    expect(code(samplingAnswer(state, 'BAR-42', 1e12))).toBe('lot-size-out-of-range');
    expect(code(samplingAnswer(state, 'NOPE', 100))).toBe('sampling-plan-not-found');
  });
  it('shows each approval with its status now', () => {
    const state = given(registered, approved);
    expect(supplierAnswer(state, '2026-03-01T00:00:00Z').approvals[0].status).toBe('approved');
    expect(supplierAnswer(state, '2027-03-01T00:00:00Z').approvals[0].status).toBe('expired');
    expect(supplierAnswer(state, '2025-03-01T00:00:00Z').approvals[0].status).toBe('not-yet-valid');
  });
});

describe('a lot not accepted at incoming inspection', () => {
  const inspected = (decision: string) => ({ type: 'ReceivingInspectionRecorded', data: { decision } });
  const dispositioned = (disposition: string) => ({ type: 'NonconformanceDispositioned', data: { ncId: 'NC-1', disposition } });
  it('cannot be consumed (422 lot-not-accepted) until a nonconformance on it is dispositioned use-as-is', () => {
    expect(lotNotAcceptedRefusal('M-1', [inspected('not-accepted')])?.code).toBe('lot-not-accepted');
    expect(lotNotAcceptedRefusal('M-1', [inspected('not-accepted'), dispositioned('rework')])?.code).toBe('lot-not-accepted');
    expect(lotNotAcceptedRefusal('M-1', [inspected('not-accepted'), dispositioned('return-to-supplier')])?.code).toBe('lot-not-accepted');
    expect(lotNotAcceptedRefusal('M-1', [inspected('not-accepted'), dispositioned('use-as-is')])).toBeUndefined();
  });
  it('an accepted lot, or one never inspected, is consumed freely; a use-as-is before the refusal does not release it', () => {
    expect(lotNotAcceptedRefusal('M-1', [inspected('accepted')])).toBeUndefined();
    expect(lotNotAcceptedRefusal('M-1', [])).toBeUndefined();
    expect(lotNotAcceptedRefusal('M-1', [dispositioned('use-as-is'), inspected('not-accepted')])?.code).toBe('lot-not-accepted');
  });
});
