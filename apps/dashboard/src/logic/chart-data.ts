import type { CapabilityAnswer } from '../api-types';

export interface ControlPoint {
  index: number;
  lotNumber: string;
  inspectionId: string;
  mean: number;
  range: number | null;
  ucl: number;
  lcl: number;
  /** Rules this point completes (empty: in control). */
  rules: string[];
}

/** One point per subgroup, with the limits that apply to it and the run rules it violates. */
export function controlPoints(answer: CapabilityAnswer): ControlPoint[] {
  const rules = new Map<number, string[]>();
  for (const v of answer.violations) rules.set(v.index, [...(rules.get(v.index) ?? []), v.rule]);
  return answer.points.map((p, index) => ({
    index,
    lotNumber: p.lotNumber,
    inspectionId: p.inspectionId,
    mean: p.mean,
    range: p.range,
    ucl: p.limits.xbar.ucl,
    lcl: p.limits.xbar.lcl,
    rules: rules.get(index) ?? [],
  }));
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/** Equal-width bins over the values and the spec limits (so LSL/USL always fall on the axis). */
export function histogram(values: readonly number[], bounds: { lsl?: number | null; usl?: number | null }, binCount = 12): HistogramBin[] {
  if (values.length === 0) return [];
  const candidates = [...values, ...[bounds.lsl, bounds.usl].filter((x): x is number => x != null)];
  let min = Math.min(...candidates);
  let max = Math.max(...candidates);
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const width = (max - min) / binCount;
  const bins = Array.from({ length: binCount }, (_, i) => ({ from: min + i * width, to: min + (i + 1) * width, count: 0 }));
  for (const v of values) bins[Math.min(binCount - 1, Math.floor((v - min) / width))].count++;
  return bins;
}

/** The normal density N(mean, sigma) scaled to counts per bin of `binWidth` over `total` values. */
export function normalCurve(mean: number, sigma: number, from: number, to: number, total: number, binWidth: number, steps = 60): Array<[number, number]> {
  if (!(sigma > 0) || !(to > from)) return [];
  const points: Array<[number, number]> = [];
  for (let i = 0; i <= steps; i++) {
    const x = from + ((to - from) * i) / steps;
    const density = Math.exp(-0.5 * ((x - mean) / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI));
    points.push([x, density * total * binWidth]);
  }
  return points;
}

/**
 * The value axis of a control chart: wide enough for every point and every line drawn on it
 * (centre, control and spec limits), with 5 % room on each side — an axis scaled to the points
 * alone would leave the limits off the chart.
 */
export function axisRange(values: ReadonlyArray<number | null | undefined>): { min: number; max: number } | undefined {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (finite.length === 0) return undefined;
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const pad = high > low ? (high - low) * 0.05 : Math.abs(high) * 0.01 || 1;
  return { min: low - pad, max: high + pad };
}

/** The dispersion chart that goes with the chart the API chose: R for X̄-R, S for X̄-S, MR for I-MR. */
export function dispersionName(chart: string): 'R' | 'S' | 'MR' {
  if (chart === 'xbar-s') return 'S';
  if (chart === 'i-mr') return 'MR';
  return 'R';
}

/** One dispersion value per subgroup (null where there is none: the first moving range) with its limits. */
export function dispersionPoints(answer: CapabilityAnswer): Array<{ value: number | null; ucl: number; lcl: number; center: number }> {
  return answer.points.map((p) => ({ value: p.range, ucl: p.limits.range.ucl, lcl: p.limits.range.lcl, center: p.limits.range.center }));
}
