import { gaugeRrText, zeroToOne } from './first-article';

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
});
