/**
 * Shewhart variables charts from subgroup summaries (no raw values needed).
 *
 *   X̄-R  (equal n, 2..10):  σw = R̄/d2, X̄ = X̄̄ ± A2·R̄, R: [D3·R̄, D4·R̄]
 *   X̄-S  (equal n, 2..25):  σw = S̄/c4, X̄ = X̄̄ ± A3·S̄, S: [B3·S̄, B4·S̄]
 *   I-MR (n = 1):           σw = MR̄/1.128, X = x̄ ± 2.66·MR̄, MR: [0, 3.267·MR̄]
 *   pooled X̄-S (varying n, each 2..25):
 *        σw = s_p / c4(ν + 1), s_p = √(Σ(nᵢ − 1)sᵢ² / ν), ν = Σ(nᵢ − 1)
 *        per subgroup: X̄ = X̄̄ ± 3σw/√nᵢ, S: c4(nᵢ)σw ± 3σw√(1 − c4(nᵢ)²) (LCL ≥ 0)
 *        with c4 from its gamma-function formula (ASTM E2587 / Minitab's
 *        "pooled standard deviation" estimator).
 *
 * X̄̄ is the grand mean weighted by subgroup size (the plain average of the
 * subgroup means when sizes are equal).  These functions expect validated
 * input (see analyse); misuse throws RangeError.
 */
import { INDIVIDUALS_CONSTANTS, c4Exact, controlChartConstants } from './constants';
import { combineMoments, momentsOf } from './subgroups';
import type { ChartKind, ChartLimits, SigmaWithinMethod } from './types';

export interface SubgroupSummary {
  readonly n: number;
  readonly mean: number;
  readonly range: number;
  readonly stdDev: number;
}

export interface ChartPointLimits {
  readonly xbar: ChartLimits;
  readonly range: ChartLimits;
}

export interface ControlChart {
  readonly chart: ChartKind;
  readonly sigmaWithinMethod: SigmaWithinMethod;
  /** Common subgroup size, or null when sizes vary. */
  readonly subgroupSize: number | null;
  readonly sigmaWithin: number;
  readonly xbar: ChartLimits;
  readonly range: ChartLimits;
  /** Per point, in input order: the plotted dispersion value and the limits that apply. */
  readonly points: ReadonlyArray<{ readonly mean: number; readonly range: number | null; readonly limits: ChartPointLimits }>;
}

function average(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function grandMean(subgroups: readonly SubgroupSummary[]): number {
  return combineMoments(subgroups.map(momentsOf)).mean;
}

function commonSize(subgroups: readonly SubgroupSummary[]): number {
  if (subgroups.length === 0) throw new RangeError('no subgroups');
  const n = subgroups[0].n;
  if (subgroups.some((s) => s.n !== n)) throw new RangeError('subgroup sizes differ');
  return n;
}

function tabulated(n: number) {
  const k = controlChartConstants(n);
  if (!k) throw new RangeError(`no tabulated constants for subgroup size ${n}`);
  return k;
}

function uniform(points: readonly SubgroupSummary[], pick: (s: SubgroupSummary) => number, limits: ChartPointLimits) {
  return points.map((s) => ({ mean: s.mean, range: pick(s), limits }));
}

export function xbarRChart(subgroups: readonly SubgroupSummary[]): ControlChart {
  const n = commonSize(subgroups);
  const k = tabulated(n);
  const center = grandMean(subgroups);
  const rBar = average(subgroups.map((s) => s.range));
  const xbar = { center, lcl: center - k.A2 * rBar, ucl: center + k.A2 * rBar };
  const range = { center: rBar, lcl: k.D3 * rBar, ucl: k.D4 * rBar };
  return {
    chart: 'xbar-r',
    sigmaWithinMethod: 'rbar/d2',
    subgroupSize: n,
    sigmaWithin: rBar / k.d2,
    xbar,
    range,
    points: uniform(subgroups, (s) => s.range, { xbar, range }),
  };
}

export function xbarSChart(subgroups: readonly SubgroupSummary[]): ControlChart {
  const n = commonSize(subgroups);
  const k = tabulated(n);
  const center = grandMean(subgroups);
  const sBar = average(subgroups.map((s) => s.stdDev));
  const xbar = { center, lcl: center - k.A3 * sBar, ucl: center + k.A3 * sBar };
  const range = { center: sBar, lcl: k.B3 * sBar, ucl: k.B4 * sBar };
  return {
    chart: 'xbar-s',
    sigmaWithinMethod: 'sbar/c4',
    subgroupSize: n,
    sigmaWithin: sBar / k.c4,
    xbar,
    range,
    points: uniform(subgroups, (s) => s.stdDev, { xbar, range }),
  };
}

/** Individuals and moving-range (span 2) chart; needs at least 2 values. */
export function individualsChart(values: readonly number[]): ControlChart {
  if (values.length < 2) throw new RangeError('an I-MR chart needs at least 2 individual values');
  const k = INDIVIDUALS_CONSTANTS;
  const center = combineMoments(values.map((x) => ({ n: 1, mean: x, m2: 0 }))).mean;
  const movingRanges = values.slice(1).map((x, i) => Math.abs(x - values[i]));
  const mrBar = average(movingRanges);
  const xbar = { center, lcl: center - k.E2 * mrBar, ucl: center + k.E2 * mrBar };
  const range = { center: mrBar, lcl: k.D3 * mrBar, ucl: k.D4 * mrBar };
  return {
    chart: 'i-mr',
    sigmaWithinMethod: 'mrbar/d2',
    subgroupSize: 1,
    sigmaWithin: mrBar / k.d2,
    xbar,
    range,
    points: values.map((x, i) => ({ mean: x, range: i === 0 ? null : movingRanges[i - 1], limits: { xbar, range } })),
  };
}

function pooledLimits(center: number, sigma: number, n: number): ChartPointLimits {
  const c4 = c4Exact(n);
  const halfX = (3 * sigma) / Math.sqrt(n);
  const halfS = 3 * sigma * Math.sqrt(Math.max(0, 1 - c4 * c4));
  return {
    xbar: { center, lcl: center - halfX, ucl: center + halfX },
    range: { center: c4 * sigma, lcl: Math.max(0, c4 * sigma - halfS), ucl: c4 * sigma + halfS },
  };
}

/**
 * X̄-S chart with pooled standard deviation, for subgroups of (possibly)
 * different sizes, each at least 2.  Chart-level limits are those of the
 * average subgroup size N/m; per-point limits use each subgroup's own size.
 */
export function pooledXbarSChart(subgroups: readonly SubgroupSummary[]): ControlChart {
  if (subgroups.length === 0) throw new RangeError('no subgroups');
  if (subgroups.some((s) => s.n < 2)) throw new RangeError('pooling needs every subgroup to have n ≥ 2');
  let nu = 0;
  let ss = 0;
  let total = 0;
  for (const s of subgroups) {
    nu += s.n - 1;
    ss += (s.n - 1) * s.stdDev * s.stdDev;
    total += s.n;
  }
  const sp = Math.sqrt(ss / nu);
  const sigma = sp / c4Exact(nu + 1);
  const center = grandMean(subgroups);
  const overall = pooledLimits(center, sigma, total / subgroups.length);
  const sizes = new Set(subgroups.map((s) => s.n));
  return {
    chart: 'xbar-s',
    sigmaWithinMethod: 'pooled-sp/c4',
    subgroupSize: sizes.size === 1 ? subgroups[0].n : null,
    sigmaWithin: sigma,
    xbar: overall.xbar,
    range: overall.range,
    points: subgroups.map((s) => ({ mean: s.mean, range: s.stdDev, limits: pooledLimits(center, sigma, s.n) })),
  };
}
