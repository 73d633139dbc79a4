/**
 * analyse(): subgroups in time order → control chart, capability and run-rule
 * violations, or a typed SpcError value (never throws for bad data).
 */
import { capabilityIndices } from './capability';
import { type ControlChart, type SubgroupSummary, individualsChart, pooledXbarSChart, xbarRChart, xbarSChart } from './charts';
import { MAX_TABULATED_SUBGROUP_SIZE } from './constants';
import { evaluateRunRules } from './run-rules';
import { combineMoments, momentsOf, sampleStdDev, subgroupStatistics } from './subgroups';
import type { AnalyseInput, ChartKind, SpcAnalysis, SpcError, SubgroupInput } from './types';

/** Largest subgroup size charted with the range (X̄-R) by default. */
export const MAX_XBAR_R_SUBGROUP_SIZE = 10;

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function summarise(s: SubgroupInput, index: number): SubgroupSummary | SpcError {
  const invalid = (reason: string): SpcError => ({ kind: 'invalid-subgroup', index, reason });
  if (!Number.isInteger(s.n) || s.n < 1) return invalid(`n must be a positive integer, got ${s.n}`);
  if (s.values !== undefined) {
    if (!Array.isArray(s.values)) return invalid('values must be an array');
    if (s.values.length !== s.n) return invalid(`n is ${s.n} but ${s.values.length} values were given`);
    if (!s.values.every(isFiniteNumber)) return invalid('values must be finite numbers');
    const st = subgroupStatistics(s.values);
    return { n: st.n, mean: st.mean, range: st.range, stdDev: st.stdDev };
  }
  if (!isFiniteNumber(s.mean)) return invalid('mean must be a finite number');
  if (!isFiniteNumber(s.range) || s.range < 0) return invalid('range must be a finite number ≥ 0');
  if (!isFiniteNumber(s.stdDev) || s.stdDev < 0) return invalid('stdDev must be a finite number ≥ 0');
  return { n: s.n, mean: s.mean, range: s.range, stdDev: s.stdDev };
}

function optionalNumber(x: number | null | undefined): number | null | 'invalid' {
  if (x === null || x === undefined) return null;
  return isFiniteNumber(x) ? x : 'invalid';
}

function buildChart(summaries: readonly SubgroupSummary[], requested: ChartKind | undefined): ControlChart | SpcError {
  const sizes = summaries.map((s) => s.n);
  const min = Math.min(...sizes);
  const max = Math.max(...sizes);
  if (max > MAX_TABULATED_SUBGROUP_SIZE) {
    return { kind: 'subgroup-size-out-of-range', size: max, min: 1, max: MAX_TABULATED_SUBGROUP_SIZE };
  }
  if (min !== max) {
    // Varying sizes: pooled X̄-S when every subgroup can contribute a standard deviation.
    if (min < 2 || (requested !== undefined && requested !== 'xbar-s')) return { kind: 'unequal-subgroup-sizes', sizes };
    return pooledXbarSChart(summaries);
  }
  const n = min;
  const notApplicable: SpcError = { kind: 'chart-not-applicable', chart: requested ?? 'i-mr', subgroupSize: n };
  if (n === 1) {
    if (requested !== undefined && requested !== 'i-mr') return notApplicable;
    if (summaries.length < 2) return { kind: 'insufficient-data', reason: 'an I-MR chart needs at least 2 individual values' };
    return individualsChart(summaries.map((s) => s.mean));
  }
  if (requested === 'i-mr') return notApplicable;
  if (requested === 'xbar-s' || n > MAX_XBAR_R_SUBGROUP_SIZE) {
    if (requested === 'xbar-r') return notApplicable;
    return xbarSChart(summaries);
  }
  return xbarRChart(summaries);
}

export function analyse(input: AnalyseInput): SpcAnalysis | SpcError {
  const subgroups = input.subgroups ?? [];
  if (subgroups.length === 0) return { kind: 'no-subgroups' };

  const lsl = optionalNumber(input.lsl);
  const usl = optionalNumber(input.usl);
  const target = optionalNumber(input.target);
  if (lsl === 'invalid' || usl === 'invalid' || target === 'invalid') {
    return {
      kind: 'invalid-spec-limits',
      lsl: input.lsl ?? null,
      usl: input.usl ?? null,
      target: input.target ?? null,
      reason: 'specification limits and target must be finite numbers or null',
    };
  }
  if (lsl !== null && usl !== null && !(lsl < usl)) {
    return { kind: 'invalid-spec-limits', lsl, usl, target, reason: 'lsl must be less than usl' };
  }
  if (input.chart !== undefined && !['xbar-r', 'xbar-s', 'i-mr'].includes(input.chart)) {
    return { kind: 'chart-not-applicable', chart: input.chart, subgroupSize: null };
  }

  const summaries: SubgroupSummary[] = [];
  for (let i = 0; i < subgroups.length; i++) {
    const s = summarise(subgroups[i], i);
    if ('kind' in s) return s;
    summaries.push(s);
  }

  const chart = buildChart(summaries, input.chart);
  if ('kind' in chart) return chart;

  const overall = combineMoments(summaries.map(momentsOf));
  const sigmaOverall = sampleStdDev(overall);
  if (sigmaOverall === null) return { kind: 'insufficient-data', reason: 'at least 2 measurements are needed' };

  const mean = chart.xbar.center;
  const capability = capabilityIndices({ mean, sigmaWithin: chart.sigmaWithin, sigmaOverall, lsl, usl, target });

  const hits = evaluateRunRules(
    chart.points.map((p) => ({ value: p.mean, center: p.limits.xbar.center, sigma: (p.limits.xbar.ucl - p.limits.xbar.center) / 3 })),
  );

  return {
    n: overall.n,
    subgroups: summaries.length,
    subgroupSize: chart.subgroupSize,
    chart: chart.chart,
    sigmaWithinMethod: chart.sigmaWithinMethod,
    mean,
    sigmaWithin: chart.sigmaWithin,
    sigmaOverall,
    lsl,
    usl,
    target,
    ...capability,
    xbar: chart.xbar,
    range: chart.range,
    points: chart.points.map((p, i) => ({
      lotNumber: subgroups[i].label.lotNumber,
      inspectionId: subgroups[i].label.inspectionId,
      n: summaries[i].n,
      mean: p.mean,
      range: p.range,
      limits: p.limits,
    })),
    violations: hits.map((h) => ({ rule: h.rule, index: h.index, lotNumber: subgroups[h.index].label.lotNumber })),
  };
}
