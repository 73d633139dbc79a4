/**
 * Control charts against published examples.  Every published value is also
 * recomputed here from the raw data with a plain formula, so a wrong copy of a
 * published number (or of the data) shows up as a disagreement.
 *
 * Sources:
 *  - Montgomery, Introduction to Statistical Quality Control, Table 6.3 piston
 *    rings; Example 6.1 (X̄-R): x̄̄ = 74.001, R̄ = 0.023, X̄ limits 73.988 / 74.014,
 *    R chart UCL 0.049; Example 6.3 (X̄-S): s̄ = 0.0094, X̄ limits 73.988 / 74.014,
 *    S chart UCL 0.0196.  (Rounded from rounded inputs, e.g. UCL = 74.001 + 0.577·0.023.)
 *  - R package qcc, printed output for qcc(diameter[1:25,], type = "xbar" | "R" | "S")
 *    on its `pistonrings` data (as asserted in mistat's TestComparisonWithR,
 *    Kenett/Zacks/Gedeck): center 74.00118, std.dev 0.009785039, limits
 *    73.98805 / 74.0143; R: center 0.02276, UCL 0.04812533; S: center 0.009240037,
 *    std.dev 0.009829977, UCL 0.019302416.
 *  - qcc "xbar.one" (individuals) output: viscosity (Montgomery p. 242):
 *    center 33.52333, std.dev 0.4261651, limits 32.24484 / 34.80183; antifreeze
 *    (Wetherill & Brown 1991, p. 120): center 2.569706, std.dev 0.1794541,
 *    limits 2.031344 / 3.108068.  qcc uses ±3·MR̄/1.128; this core uses the
 *    published ±2.66·MR̄, so the limit tolerance adds |2.66 − 3/1.128|·MR̄.
 *
 * Note: the value sometimes quoted for Example 6.1, "limits 73.9877 / 74.0148",
 * reproduces from neither data set: with Montgomery's data the unrounded limits
 * are 73.98777 / 74.01459, with qcc's 73.98804 / 74.01431.
 */
import { analyse } from './analyse';
import { c4Exact } from './constants';
import { ANTIFREEZE, MONTGOMERY_TABLE_6_3, PISTON_RINGS, PISTON_RINGS_QCC, VISCOSITY } from './reference-data.fixture.spec';
import { subgroupStatistics } from './subgroups';
import { type SpcAnalysis, type SpcError, type SubgroupInput, isSpcError } from './types';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const label = (i: number) => ({ lotNumber: `LOT-${i + 1}`, inspectionId: `INS-${i + 1}` });
/** Aggregates only, as the read model stores them (no raw values). */
const summaries = (groups: readonly (readonly number[])[]): SubgroupInput[] =>
  groups.map((g, i) => {
    const { n, mean, range, stdDev } = subgroupStatistics(g);
    return { n, mean, range, stdDev, label: label(i) };
  });
function ok(r: SpcAnalysis | SpcError): SpcAnalysis {
  if (isSpcError(r)) throw new Error(`unexpected error ${JSON.stringify(r)}`);
  return r;
}
/** |actual − published| within the published rounding (half a unit in the last place) plus slack. */
const withinRounding = (actual: number, published: number, decimals: number, slack = 0) =>
  expect({ actual, published, ok: Math.abs(actual - published) <= 0.5 * 10 ** -decimals + slack + 1e-12 }).toEqual(expect.objectContaining({ ok: true }));
const within1e4 = (actual: number, published: number) =>
  expect({ actual, published, ok: rel(actual, published) <= 1e-4 }).toEqual(expect.objectContaining({ ok: true }));

// Plain recomputation from raw values.
const plainMean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const plainRange = (v: readonly number[]) => Math.max(...v) - Math.min(...v);
const plainS = (v: readonly number[]) => {
  const m = plainMean(v);
  return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / (v.length - 1));
};

describe('reference data transcription (Montgomery Table 6.3 printed x̄ᵢ, sᵢ)', () => {
  it.each(Object.entries(MONTGOMERY_TABLE_6_3))('sample %s', (sample, printed) => {
    const row = PISTON_RINGS[Number(sample) - 1];
    withinRounding(plainMean(row), printed.mean, 3);
    withinRounding(plainS(row), printed.s, 4);
  });

  it("qcc's copy differs from Montgomery's printed table in sample 21 only", () => {
    expect(Math.abs(plainS(PISTON_RINGS_QCC[20]) - MONTGOMERY_TABLE_6_3[21].s)).toBeGreaterThan(0.003);
    expect(PISTON_RINGS_QCC.filter((row, i) => row !== PISTON_RINGS[i]).length).toBe(1);
  });
});

describe('X̄-R: Montgomery Example 6.1 (piston rings, 25 × 5)', () => {
  const a = ok(analyse({ subgroups: summaries(PISTON_RINGS) }));
  const xbarbar = plainMean(PISTON_RINGS.map(plainMean));
  const rbar = plainMean(PISTON_RINGS.map(plainRange));
  const A2 = 0.577; // Montgomery Appendix VI, n = 5
  const D4 = 2.114;
  const d2 = 2.326;

  it('chooses X̄-R for n = 5 and reports counts', () => {
    expect(a.chart).toBe('xbar-r');
    expect(a.sigmaWithinMethod).toBe('rbar/d2');
    expect([a.n, a.subgroups, a.subgroupSize]).toEqual([125, 25, 5]);
  });

  it('matches a plain recomputation from the raw data', () => {
    expect(rel(a.mean, xbarbar)).toBeLessThan(1e-12);
    expect(rel(a.range.center, rbar)).toBeLessThan(1e-12);
    expect(rel(a.sigmaWithin, rbar / d2)).toBeLessThan(1e-12);
    expect(rel(a.xbar.ucl, xbarbar + A2 * rbar)).toBeLessThan(1e-12);
    expect(rel(a.xbar.lcl, xbarbar - A2 * rbar)).toBeLessThan(1e-12);
    expect(rel(a.range.ucl, D4 * rbar)).toBeLessThan(1e-12);
    expect(a.range.lcl).toBe(0);
  });

  it('reproduces the published values within their rounding and to 1e-4 relative', () => {
    withinRounding(a.mean, 74.001, 3);
    withinRounding(a.range.center, 0.023, 3);
    withinRounding(a.range.ucl, 0.049, 3);
    for (const [ours, published] of [
      [a.mean, 74.001],
      [a.xbar.ucl, 74.014],
      [a.xbar.lcl, 73.988],
    ] as const) {
      within1e4(ours, published);
    }
    // The published limits are 74.001 ± 0.577·0.023 from rounded inputs:
    withinRounding(74.001 + A2 * 0.023, 74.014, 3);
    withinRounding(74.001 - A2 * 0.023, 73.988, 3);
    // ... and the unrounded limits from the data sit within that input rounding (±0.0005 ± 0.577·0.0005):
    withinRounding(a.xbar.ucl, 74.014, 3, 0.0005 + A2 * 0.0005);
    withinRounding(a.xbar.lcl, 73.988, 3, 0.0005 + A2 * 0.0005);
  });

  it('no run-rule violations in phase I (Montgomery: process in control)', () => {
    expect(a.violations).toEqual([]);
    expect(a.points.map((p) => p.lotNumber)).toEqual(PISTON_RINGS.map((_, i) => `LOT-${i + 1}`));
    expect(a.points[0]).toEqual(expect.objectContaining({ lotNumber: 'LOT-1', inspectionId: 'INS-1', n: 5, mean: plainMean(PISTON_RINGS[0]) }));
    expect(a.points[0].range).toBeCloseTo(plainRange(PISTON_RINGS[0]), 12);
  });
});

describe('X̄-S: Montgomery Example 6.3 (same data, requested chart)', () => {
  const a = ok(analyse({ subgroups: summaries(PISTON_RINGS), chart: 'xbar-s' }));
  const sbar = plainMean(PISTON_RINGS.map(plainS));
  const xbarbar = plainMean(PISTON_RINGS.map(plainMean));

  it('matches a plain recomputation (A3 = 1.427, B4 = 2.089, c4 = 0.9400 for n = 5)', () => {
    expect(a.chart).toBe('xbar-s');
    expect(rel(a.range.center, sbar)).toBeLessThan(1e-12);
    expect(rel(a.sigmaWithin, sbar / 0.94)).toBeLessThan(1e-12);
    expect(rel(a.xbar.ucl, xbarbar + 1.427 * sbar)).toBeLessThan(1e-12);
    expect(rel(a.range.ucl, 2.089 * sbar)).toBeLessThan(1e-12);
    expect(a.range.lcl).toBe(0);
  });

  it('reproduces the published s̄ = 0.0094, S UCL = 0.0196 and X̄ limits 73.988 / 74.014', () => {
    withinRounding(a.range.center, 0.0094, 4);
    withinRounding(a.range.ucl, 0.0196, 4);
    within1e4(a.xbar.ucl, 74.014);
    within1e4(a.xbar.lcl, 73.988);
    withinRounding(a.xbar.ucl, 74.014, 3, 0.0005 + 1.427 * 0.00005);
    withinRounding(a.xbar.lcl, 73.988, 3, 0.0005 + 1.427 * 0.00005);
  });
});

describe("X̄-R / X̄-S: the R package qcc's printed output on its pistonrings data", () => {
  const r = ok(analyse({ subgroups: summaries(PISTON_RINGS_QCC) }));
  const s = ok(analyse({ subgroups: summaries(PISTON_RINGS_QCC), chart: 'xbar-s' }));
  const rbar = plainMean(PISTON_RINGS_QCC.map(plainRange));
  const sbar = plainMean(PISTON_RINGS_QCC.map(plainS));

  it('X̄-R: center 74.00118, σ 0.009785039, R̄ 0.02276 (7 significant digits)', () => {
    withinRounding(r.mean, 74.00118, 5);
    withinRounding(r.sigmaWithin, 0.009785039, 9);
    withinRounding(r.range.center, 0.02276, 5);
    within1e4(r.sigmaWithin, 0.009785039);
  });

  it('X̄ limits 73.98805 / 74.0143 (qcc: ±3σ/√n; here A2·R̄, A2 rounded to 0.577)', () => {
    const a2Slack = Math.abs(0.577 - 3 / (2.326 * Math.sqrt(5))) * rbar;
    withinRounding(r.xbar.lcl, 73.98805, 5, a2Slack);
    withinRounding(r.xbar.ucl, 74.0143, 4, a2Slack);
    within1e4(r.xbar.lcl, 73.98805);
    within1e4(r.xbar.ucl, 74.0143);
  });

  it('R chart UCL 0.04812533 (qcc: R̄ + 3·d3·σ with unrounded d3; here D4 = 2.114 rounded)', () => {
    withinRounding(r.range.ucl, 0.04812533, 8, 0.0005 * rbar);
    expect(r.range.lcl).toBe(0);
  });

  it('S chart: center 0.009240037, UCL 0.019302416, σ = s̄/c4 = 0.009829977', () => {
    withinRounding(s.range.center, 0.009240037, 9);
    withinRounding(s.range.ucl, 0.019302416, 9, 0.0005 * sbar);
    within1e4(s.range.ucl, 0.019302416);
    within1e4(s.sigmaWithin, 0.009829977);
  });
});

describe('I-MR: individuals charts (qcc "xbar.one" reference output)', () => {
  const individuals = (values: readonly number[]) => values.map((x, i): SubgroupInput => ({ n: 1, mean: x, range: 0, stdDev: 0, label: label(i) }));
  const mrBarOf = (v: readonly number[]) => plainMean(v.slice(1).map((x, i) => Math.abs(x - v[i])));

  it.each([
    ['viscosity (Montgomery p. 242)', VISCOSITY, { center: 33.52333, sigma: 0.4261651, lcl: 32.24484, ucl: 34.80183, dec: 5 }],
    ['antifreeze (Wetherill & Brown p. 120)', ANTIFREEZE, { center: 2.569706, sigma: 0.1794541, lcl: 2.031344, ucl: 3.108068, dec: 6 }],
  ] as const)('%s', (_name, data, pub) => {
    const a = ok(analyse({ subgroups: individuals(data) }));
    const mrBar = mrBarOf(data);
    expect(a.chart).toBe('i-mr');
    expect(a.sigmaWithinMethod).toBe('mrbar/d2');
    expect([a.n, a.subgroups, a.subgroupSize]).toEqual([data.length, data.length, 1]);
    // plain recomputation
    expect(rel(a.mean, plainMean(data))).toBeLessThan(1e-12);
    expect(rel(a.range.center, mrBar)).toBeLessThan(1e-12);
    expect(rel(a.sigmaWithin, mrBar / 1.128)).toBeLessThan(1e-12);
    expect(rel(a.xbar.ucl, plainMean(data) + 2.66 * mrBar)).toBeLessThan(1e-12);
    expect(rel(a.range.ucl, 3.267 * mrBar)).toBeLessThan(1e-12);
    expect(a.range.lcl).toBe(0);
    expect(a.sigmaOverall).toBeCloseTo(plainS(data), 12);
    // published (qcc)
    withinRounding(a.mean, pub.center, pub.dec);
    withinRounding(a.sigmaWithin, pub.sigma, 7);
    const e2Slack = Math.abs(2.66 - 3 / 1.128) * mrBar;
    withinRounding(a.xbar.lcl, pub.lcl, pub.dec, e2Slack);
    withinRounding(a.xbar.ucl, pub.ucl, pub.dec, e2Slack);
    for (const [ours, p] of [
      [a.mean, pub.center],
      [a.sigmaWithin, pub.sigma],
      [a.xbar.lcl, pub.lcl],
      [a.xbar.ucl, pub.ucl],
    ]) {
      within1e4(ours, p);
    }
    // moving ranges as plotted points
    expect(a.points[0].range).toBeNull();
    expect(a.points[1].range).toBeCloseTo(Math.abs(data[1] - data[0]), 12);
  });
});

describe('unequal subgroup sizes: pooled X̄-S (hand-derived example)', () => {
  // Subgroups A = [1, 3], B = [2, 4, 6], C = [3, 5, 7, 9]:
  //   s² = 2, 4, 20/3;  ν = Σ(nᵢ − 1) = 6;  Σ(nᵢ − 1)sᵢ² = 2 + 8 + 20 = 30;  s_p = √5
  //   c4(7) = √(2/6)·Γ(3.5)/Γ(3) = √(1/3)·(15√π/8)/2 = 0.959369…;  σw = √5 / c4(7) = 2.330770…
  //   x̄̄ = (2·2 + 3·4 + 4·6)/9 = 40/9;  σ overall = √((230 − 1600/9)/8) = √(470/72) = 2.554951…
  //   per-subgroup X̄ limits 40/9 ± 3σw/√nᵢ; S limits c4(nᵢ)σw ± 3σw√(1 − c4(nᵢ)²), LCL ≥ 0,
  //   with c4(2) = √2/Γ(½)·Γ(1) = √(2/π), c4(3) = Γ(1.5)/Γ(1) = √π/2, c4(4) = √(2/3)/Γ(1.5).
  const groups = [
    [1, 3],
    [2, 4, 6],
    [3, 5, 7, 9],
  ];
  const c4 = { 2: Math.sqrt(2 / Math.PI), 3: Math.sqrt(Math.PI) / 2, 4: Math.sqrt(2 / 3) / (Math.sqrt(Math.PI) / 2) } as Record<number, number>;
  const c4of7 = Math.sqrt(1 / 3) * ((15 * Math.sqrt(Math.PI)) / 8 / 2);
  const sigma = Math.sqrt(5) / c4of7;
  const center = 40 / 9;
  const a = ok(analyse({ subgroups: summaries(groups) }));

  it('σw = s_p / c4(ν + 1) and the grand mean is size-weighted', () => {
    expect(c4of7).toBeCloseTo(0.959369, 6);
    expect(a.chart).toBe('xbar-s');
    expect(a.sigmaWithinMethod).toBe('pooled-sp/c4');
    expect(a.subgroupSize).toBeNull();
    expect([a.n, a.subgroups]).toEqual([9, 3]);
    expect(a.sigmaWithin).toBeCloseTo(sigma, 12);
    expect(a.mean).toBeCloseTo(center, 12);
    expect(a.sigmaOverall).toBeCloseTo(Math.sqrt(470 / 72), 12);
  });

  it('per-subgroup limits', () => {
    a.points.forEach((p, i) => {
      const n = groups[i].length;
      expect(p.n).toBe(n);
      expect(p.limits.xbar.center).toBeCloseTo(center, 12);
      expect(p.limits.xbar.ucl).toBeCloseTo(center + (3 * sigma) / Math.sqrt(n), 12);
      expect(p.limits.xbar.lcl).toBeCloseTo(center - (3 * sigma) / Math.sqrt(n), 12);
      expect(p.limits.range.center).toBeCloseTo(c4[n] * sigma, 12);
      expect(p.limits.range.ucl).toBeCloseTo(c4[n] * sigma + 3 * sigma * Math.sqrt(1 - c4[n] ** 2), 12);
      expect(p.limits.range.lcl).toBe(0); // c4 − 3√(1 − c4²) < 0 for n ≤ 5
      expect(p.range).toBeCloseTo(plainS(groups[i]), 12);
    });
  });

  it('chart-level limits are those of the average size N/m = 3', () => {
    expect(a.xbar.ucl).toBeCloseTo(center + (3 * sigma) / Math.sqrt(3), 12);
    expect(a.range.center).toBeCloseTo(c4Exact(3) * sigma, 12);
  });

  it('run rules use each point’s own limits', () => {
    // Means 0 with s = 1, sizes alternating 2 and 25; one n = 25 subgroup and one
    // n = 2 subgroup both at mean 0.9.  σw ≈ 1, so the n = 25 limit is ≈ ±0.6 (0.9 is
    // beyond) while the n = 2 limit is ≈ ±2.1 (0.9 is not).
    const subgroups: SubgroupInput[] = Array.from({ length: 12 }, (_, i) => ({
      n: i % 2 ? 25 : 2,
      mean: i === 7 || i === 4 ? 0.9 : 0,
      range: 1,
      stdDev: 1,
      label: label(i),
    }));
    const b = ok(analyse({ subgroups }));
    expect(b.violations.filter((v) => v.rule === 'WE1')).toEqual([{ rule: 'WE1', index: 7, lotNumber: 'LOT-8' }]);
  });
});
