import { gaugeRrText, receivingText, supplierApprovalText, zeroToOne } from './first-article';

describe('first-article page logic', () => {
  it('compares the first lot with the prototype build: mean shift, share of the tolerance, range ratio', () => {
    const change = zeroToOne({
      lsl: 9.95,
      usl: 10.05,
      prototype: { buildId: 'P1', n: 3, mean: 10.0067, range: 0.05 },
      lot: { n: 2, mean: 10.01, range: 0.02 },
    });
    expect(change!.meanShift).toBeCloseTo(0.0033, 10);
    expect(change!.shiftOfTolerance).toBeCloseTo(0.033, 10);
    expect(change!.rangeRatio).toBeCloseTo(0.4, 10);
  });

  it('has no comparison without both results, and no ratio for a zero range or a one-sided limit', () => {
    expect(zeroToOne({ lsl: 1, usl: 2, lot: { n: 1, mean: 1.5, range: 0 } })).toBeNull();
    expect(zeroToOne({ usl: 2, prototype: { buildId: 'P1', n: 1, mean: 1.5, range: 0 }, lot: { n: 1, mean: 1.6, range: 0 } })).toEqual({
      meanShift: expect.closeTo(0.1, 10),
      shiftOfTolerance: null,
      rangeRatio: null,
    });
  });

  it('reads a gauge R&R verdict: only acceptable is relied on; no study is flagged', () => {
    expect(gaugeRrText({ verdict: 'acceptable', studyId: 'S1' })).toEqual({ text: 'acceptable', ok: true });
    expect(gaugeRrText({ verdict: 'conditional', studyId: 'S1' })).toEqual({ text: 'conditional', ok: false });
    expect(gaugeRrText({ verdict: 'none' })).toEqual({ text: 'no study', ok: false });
    expect(gaugeRrText(undefined)).toEqual({ text: '—', ok: null });
  });

  it('reads a registered supplier: approved for the part at receipt, not approved (flagged), or not known', () => {
    expect(supplierApprovalText({ supplierId: 'SUP-1', supplierApproved: true })).toEqual({ text: 'approved', ok: true });
    expect(supplierApprovalText({ supplierId: 'SUP-1', supplierApproved: false })).toEqual({ text: 'NOT approved for the part', ok: false });
    expect(supplierApprovalText({ supplierId: 'SUP-1' })).toEqual({ text: 'approval unknown', ok: null });
    expect(supplierApprovalText({})).toEqual({ text: '', ok: null });
  });

  it('reads the ISO 2859-1 receiving decision with its basis; a not-accepted lot released use-as-is stays flagged', () => {
    const plan = { severity: 'tightened', codeLetter: 'J', sampleSize: 80, acceptNumber: 1, rejectNumber: 2 };
    const inspection = { inspectionId: 'IQC-1', inspectedAt: '2026-02-20T09:00:00Z', inspections: 1, nonconforming: 1 };
    const receiving = { ...plan, ...inspection, decision: 'accepted' as const, standing: 'accepted' as const };
    expect(receivingText(receiving)).toEqual({ decision: 'accepted', ok: true, basis: 'IQC-1, tightened J, n=80 d=1, Ac 1 / Re 2' });
    const rejected = { ...receiving, decision: 'not-accepted' as const, standing: 'not-accepted' as const, nonconforming: 2 };
    expect(receivingText(rejected)).toEqual({ decision: 'not-accepted', ok: false, basis: 'IQC-1, tightened J, n=80 d=2, Ac 1 / Re 2' });
    expect(receivingText({ ...rejected, standing: 'use-as-is' })).toMatchObject({ decision: 'not-accepted, released use-as-is', ok: false });
  });
});
