import { fUpperTail, rangeMoments } from './distributions';

describe('F distribution', () => {
  // Upper percentage points of F, Montgomery "Introduction to SQC" Appendix V (also NIST/SEMATECH
  // e-Handbook 1.3.6.7.3): at the tabulated critical value the upper tail is α (to table rounding).
  it.each([
    [0.05, 2, 18, 3.55],
    [0.05, 9, 18, 2.46],
    [0.05, 1, 10, 4.96],
    [0.05, 10, 10, 2.98],
    [0.05, 18, 60, 1.78],
    [0.01, 3, 12, 5.95],
    [0.01, 1, 1, 4052],
    [0.01, 20, 120, 2.03],
  ])('P(F > F_%s(%i, %i) = %s) is the tabulated α', (alpha, d1, d2, critical) => {
    expect(Math.abs(fUpperTail(critical, d1, d2) - alpha)).toBeLessThan(alpha * 0.03);
  });

  it.each([
    [1.5, 18],
    [79.4, 18],
    [0.3, 60],
  ])('agrees with the closed form (1 + 2F/d2)^(−d2/2) for two numerator degrees of freedom (F = %s, d2 = %i)', (f, d2) => {
    expect(fUpperTail(f, 2, d2)).toBeCloseTo((1 + (2 * f) / d2) ** (-d2 / 2), 12);
  });

  it('agrees with Student t for one numerator degree of freedom: P(F(1, 10) > 2.228²) = 0.05 two-sided', () => {
    expect(fUpperTail(2.228 ** 2, 1, 10)).toBeCloseTo(0.05, 3);
  });

  it('gives 1 at F = 0 and 0 at F = ∞', () => {
    expect(fUpperTail(0, 3, 4)).toBe(1);
    expect(fUpperTail(Infinity, 3, 4)).toBe(0);
  });
});

describe('relative range of m normal values', () => {
  // d2 and d3 as printed in the control-chart factor tables (Montgomery Appendix VI, ASTM E2587).
  it.each([
    [2, 1.128, 0.853],
    [3, 1.693, 0.888],
    [5, 2.326, 0.864],
    [10, 3.078, 0.797],
    [20, 3.735, 0.729],
    [25, 3.931, 0.708],
  ])('d2(%i) = %s and d3 = %s', (m, d2, d3) => {
    expect(rangeMoments(m).d2).toBeCloseTo(d2, 3);
    expect(rangeMoments(m).d3).toBeCloseTo(d3, 3);
  });

  // Duncan's d2*(m, 1) — AIAG MSA 4th ed. Appendix C; the K2/K3 factors are 1/d2*(m, 1).
  it.each([
    [2, 1.41421],
    [3, 1.91155],
    [5, 2.48124],
    [10, 3.17905],
  ])('d2*(%i, 1) = %s', (m, d2Star) => {
    expect(rangeMoments(m).d2StarSingle).toBeCloseTo(d2Star, 4);
  });
});
