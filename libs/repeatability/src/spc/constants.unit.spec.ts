/**
 * The published constants table (Montgomery, Appendix VI; ASTM E2587) is checked
 * against independent recomputation:
 *  - c4 from √(2/(n−1))·Γ(n/2)/Γ((n−1)/2) with exact half-integer gamma values;
 *  - d2 = E[range] and d3 = SD[range] of n standard normals by numerical integration:
 *      d2 = ∫ 1 − Φ(x)ⁿ − (1 − Φ(x))ⁿ dx,
 *      E[W²] = ∬ P(min < min(x,y), max(x,y) < max) dx dy
 *            = ∬ 1 − (1 − Φ(a))ⁿ − Φ(b)ⁿ + (Φ(b) − Φ(a))ⁿ,  a = min(x,y), b = max(x,y);
 *  - A2, A3, D3, D4, B3, B4 from their definitions using those unrounded values.
 * Tolerances: 1e-4 for c4 (4 decimals), 1e-3 for the 3-decimal columns.
 */
import { CONTROL_CHART_CONSTANTS, INDIVIDUALS_CONSTANTS, c4Exact, controlChartConstants, lnGamma } from './constants';

// Γ at integers and half-integers, exactly: Γ(k) = (k−1)!, Γ(k + ½) = (2k)! √π / (4ᵏ k!).
function factorial(k: number): number {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return f;
}
function gammaHalfInteger(x: number): number {
  if (Number.isInteger(x)) return factorial(x - 1);
  const k = x - 0.5;
  return (factorial(2 * k) * Math.sqrt(Math.PI)) / (4 ** k * factorial(k));
}
const c4ByGamma = (n: number) => Math.sqrt(2 / (n - 1)) * (gammaHalfInteger(n / 2) / gammaHalfInteger((n - 1) / 2));

// Φ via erfc (Numerical Recipes' Chebyshev fit, |relative error| < 1.2e-7).
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
const Phi = (x: number) => 0.5 * erfc(-x / Math.SQRT2);

const L = 8;
function d2ByIntegration(n: number): number {
  const h = 0.01;
  const m = Math.round((2 * L) / h);
  let s = 0;
  for (let i = 0; i <= m; i++) {
    const p = Phi(-L + i * h);
    const w = i === 0 || i === m ? 1 : i % 2 ? 4 : 2; // Simpson
    s += w * (1 - p ** n - (1 - p) ** n);
  }
  return (s * h) / 3;
}
function d3ByIntegration(n: number, d2: number): number {
  const h = 0.025;
  const m = Math.round((2 * L) / h);
  const P = Array.from({ length: m + 1 }, (_, i) => Phi(-L + i * h));
  const w = (i: number) => (i === 0 || i === m ? 0.5 : 1); // trapezoid
  let s = 0;
  for (let i = 0; i <= m; i++) {
    const tail = (1 - P[i]) ** n;
    for (let j = i; j <= m; j++) {
      const g = 1 - tail - P[j] ** n + (P[j] - P[i]) ** n;
      s += (i === j ? 1 : 2) * w(i) * w(j) * g;
    }
  }
  return Math.sqrt(s * h * h - d2 * d2);
}

const exact = new Map<number, { d2: number; d3: number; c4: number }>();
beforeAll(() => {
  for (let n = 2; n <= 25; n++) {
    const d2 = d2ByIntegration(n);
    exact.set(n, { d2, d3: d3ByIntegration(n, d2), c4: c4ByGamma(n) });
  }
});

describe('control chart constants table (Montgomery App. VI / ASTM E2587)', () => {
  it('covers n = 2..25 exactly, and nothing else', () => {
    expect(CONTROL_CHART_CONSTANTS.map((k) => k.n)).toEqual(Array.from({ length: 24 }, (_, i) => i + 2));
    expect(controlChartConstants(1)).toBeUndefined();
    expect(controlChartConstants(26)).toBeUndefined();
    expect(controlChartConstants(5)?.A2).toBe(0.577);
  });

  it('sanity of the integration itself: known closed forms d2(2) = 2/√π, d2(3) = 3/√π, d3(2) = √(2 − 4/π)', () => {
    expect(exact.get(2)!.d2).toBeCloseTo(2 / Math.sqrt(Math.PI), 6);
    expect(exact.get(3)!.d2).toBeCloseTo(3 / Math.sqrt(Math.PI), 6);
    expect(Math.abs(exact.get(2)!.d3 - Math.sqrt(2 - 4 / Math.PI))).toBeLessThan(2e-4);
  });

  it.each(Array.from({ length: 24 }, (_, i) => i + 2))('n = %i: every column agrees with its definition', (n) => {
    const k = controlChartConstants(n)!;
    const { d2, d3, c4 } = exact.get(n)!;
    const within = (tabulated: number, computed: number, tol: number) =>
      expect({ n, diff: Math.abs(tabulated - computed) <= tol, tabulated, computed }).toEqual(expect.objectContaining({ diff: true }));
    within(k.c4, c4, 1e-4);
    within(k.d2, d2, 1e-3);
    within(k.d3, d3, 1e-3);
    within(k.A2, 3 / (d2 * Math.sqrt(n)), 1e-3);
    within(k.A3, 3 / (c4 * Math.sqrt(n)), 1e-3);
    within(k.D3, Math.max(0, 1 - (3 * d3) / d2), 1e-3);
    within(k.D4, 1 + (3 * d3) / d2, 1e-3);
    within(k.B3, Math.max(0, 1 - (3 * Math.sqrt(1 - c4 * c4)) / c4), 1e-3);
    within(k.B4, 1 + (3 * Math.sqrt(1 - c4 * c4)) / c4, 1e-3);
  });

  it('individuals constants: d2(2) = 1.128, E2 = 3/d2(2) ≈ 2.66 (2 decimals), MR UCL factor = D4(2) = 3.267', () => {
    const { d2 } = exact.get(2)!;
    expect(Math.abs(INDIVIDUALS_CONSTANTS.d2 - d2)).toBeLessThan(1e-3);
    expect(Math.abs(INDIVIDUALS_CONSTANTS.E2 - 3 / d2)).toBeLessThan(5e-3);
    expect(INDIVIDUALS_CONSTANTS.D4).toBe(controlChartConstants(2)!.D4);
    expect(INDIVIDUALS_CONSTANTS.D3).toBe(0);
  });
});

describe('c4Exact / lnGamma', () => {
  it('matches the exact half-integer gamma formula for n = 2..60', () => {
    for (let n = 2; n <= 60; n++) {
      expect(Math.abs(c4Exact(n) - c4ByGamma(n)) / c4ByGamma(n)).toBeLessThan(1e-12);
    }
  });

  it('lnGamma matches ln((k−1)!) and Γ(½) = √π', () => {
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lnGamma(1)).toBeCloseTo(0, 14);
  });

  it('tends to 1 like 1 − 1/(4n) for large n (pooled c4(ν + 1) argument)', () => {
    for (const n of [100, 999, 1000, 100000]) {
      expect(Math.abs(c4Exact(n) - (1 - 1 / (4 * n) - 7 / (32 * n * n)))).toBeLessThan(Math.max(1 / n ** 3, 1e-14));
    }
    // continuous across the switch to the series at n = 1000
    expect(Math.abs(c4Exact(1000 - 1e-9) - c4Exact(1000))).toBeLessThan(1e-11);
  });

  it('rejects arguments outside its domain', () => {
    expect(() => c4Exact(1)).toThrow(RangeError);
    expect(() => lnGamma(0)).toThrow(RangeError);
  });
});
