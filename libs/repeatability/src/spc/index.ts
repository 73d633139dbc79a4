/**
 * Statistical process control (SPC) core: pure, dependency-free functions.
 *
 * Unequal subgroup sizes — decision: SUPPORTED by pooling, not refused.
 *   When subgroup sizes vary and every subgroup has n ≥ 2 (and n ≤ 25), analyse
 *   builds an X̄-S chart with σw = s_p / c4(Σ(nᵢ − 1) + 1), where
 *   s_p = √(Σ(nᵢ − 1)sᵢ² / Σ(nᵢ − 1)), and per-subgroup limits
 *   (X̄̄ ± 3σw/√nᵢ; S: c4(nᵢ)σw ± 3σw√(1 − c4(nᵢ)²), LCL ≥ 0) in points[i].limits;
 *   the run rules use those per-point limits.  The chart-level `xbar`/`range`
 *   limits are given for the average size N/m and `subgroupSize` is null.
 *   The typed refusal { kind: 'unequal-subgroup-sizes', sizes } (HTTP 422) is
 *   still returned when pooling is impossible: a mix that includes subgroups of
 *   size 1, or an explicit request for an X̄-R or I-MR chart on varying sizes.
 *
 * Other conventions (details in each module):
 *   - charts.ts: X̄-R for n = 2..10, X̄-S for 11..25 (or on request for 2..25),
 *     I-MR for n = 1; sizes above 25 → { kind: 'subgroup-size-out-of-range' }.
 *   - subgroups.ts: σ overall from per-subgroup (n, mean, s) by the parallel
 *     (Chan) combination; momentsFromSums for stored Σx, Σx².
 *   - capability.ts: σ = 0 → indices null; one-sided specs → Cpk/Ppk from that side, Cp/Pp/Cpm null.
 *   - run-rules.ts: each (rule, index) reported once, at the point completing the pattern.
 */
export { analyse, MAX_XBAR_R_SUBGROUP_SIZE } from './analyse';
export {
  CONTROL_CHART_CONSTANTS,
  INDIVIDUALS_CONSTANTS,
  MAX_TABULATED_SUBGROUP_SIZE,
  MIN_TABULATED_SUBGROUP_SIZE,
  c4Exact,
  controlChartConstants,
  lnGamma,
  type ControlChartConstants,
} from './constants';
export { combineMoments, mergeMoments, momentsFromSums, momentsOf, sampleStdDev, subgroupStatistics, type Moments, type SubgroupStatistics } from './subgroups';
export { individualsChart, pooledXbarSChart, xbarRChart, xbarSChart, type ChartPointLimits, type ControlChart, type SubgroupSummary } from './charts';
export { actualIndex, capabilityIndices, potentialIndex, type CapabilityIndices, type CapabilityInput } from './capability';
export { ALL_RUN_RULES, RUN_RULE_DESCRIPTIONS, evaluateRunRules, type RuleHit, type RulePoint } from './run-rules';
export {
  isSpcError,
  type AnalyseInput,
  type ChartKind,
  type ChartLimits,
  type ChartPoint,
  type NelsonRule,
  type RuleViolation,
  type RunRule,
  type SigmaWithinMethod,
  type SpcAnalysis,
  type SpcError,
  type SpcErrorKind,
  type SubgroupInput,
  type SubgroupLabel,
  type WesternElectricRule,
} from './types';
