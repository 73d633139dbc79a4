/** Public input, output and error types of the SPC core. */

export type ChartKind = 'xbar-r' | 'xbar-s' | 'i-mr';

export interface SubgroupLabel {
  readonly lotNumber: string;
  readonly inspectionId: string;
}

/**
 * One subgroup, as stored by the read model.  When `values` is present it is
 * authoritative: `n` must equal values.length and mean/range/stdDev are
 * recomputed from the values.
 */
export interface SubgroupInput {
  readonly values?: readonly number[];
  readonly n: number;
  readonly mean: number;
  readonly range: number;
  /** Sample standard deviation (n − 1 divisor); 0 for n = 1. */
  readonly stdDev: number;
  readonly label: SubgroupLabel;
}

export interface AnalyseInput {
  /** In time order. */
  readonly subgroups: readonly SubgroupInput[];
  readonly lsl?: number | null;
  readonly usl?: number | null;
  readonly target?: number | null;
  /**
   * Optional chart request.  Default: size 1 → 'i-mr', 2..10 → 'xbar-r',
   * 11..25 → 'xbar-s', varying sizes → pooled 'xbar-s'.  'xbar-s' may be
   * requested for any equal size 2..25; other requests must match the default.
   */
  readonly chart?: ChartKind;
}

export interface ChartLimits {
  readonly center: number;
  readonly lcl: number;
  readonly ucl: number;
}

export interface ChartPoint {
  readonly lotNumber: string;
  readonly inspectionId: string;
  readonly n: number;
  /** Plotted location statistic: subgroup mean (the individual value on I-MR). */
  readonly mean: number;
  /**
   * Plotted dispersion statistic: the range on X̄-R, the sample standard
   * deviation on X̄-S, the moving range on I-MR (null for the first point).
   */
  readonly range: number | null;
  /** Limits that apply to this point (differ from the chart's only when sizes vary). */
  readonly limits: { readonly xbar: ChartLimits; readonly range: ChartLimits };
}

export type WesternElectricRule = 'WE1' | 'WE2' | 'WE3' | 'WE4';
export type NelsonRule = 'N1' | 'N2' | 'N3' | 'N4' | 'N5' | 'N6' | 'N7' | 'N8';
export type RunRule = WesternElectricRule | NelsonRule;

export interface RuleViolation {
  readonly rule: RunRule;
  /** Index (into points) of the point that completes the pattern. */
  readonly index: number;
  readonly lotNumber: string;
}

export type SigmaWithinMethod = 'rbar/d2' | 'sbar/c4' | 'mrbar/d2' | 'pooled-sp/c4';

export interface SpcAnalysis {
  /** Total number of measurements. */
  readonly n: number;
  /** Number of subgroups (points). */
  readonly subgroups: number;
  /** Common subgroup size; null when sizes vary (pooled X̄-S). */
  readonly subgroupSize: number | null;
  readonly chart: ChartKind;
  readonly sigmaWithinMethod: SigmaWithinMethod;
  /** Grand mean (weighted by subgroup size). */
  readonly mean: number;
  readonly sigmaWithin: number;
  /** Sample standard deviation of all measurements (N − 1). */
  readonly sigmaOverall: number;
  readonly lsl: number | null;
  readonly usl: number | null;
  readonly target: number | null;
  readonly cp: number | null;
  readonly cpk: number | null;
  readonly pp: number | null;
  readonly ppk: number | null;
  readonly cpm: number | null;
  /**
   * X̄ (individuals) chart limits.  When sizes vary these are the limits for the
   * average subgroup size N/m (Montgomery's "average sample size" display);
   * the exact per-subgroup limits are in points[i].limits.
   */
  readonly xbar: ChartLimits;
  /** R chart (X̄-R), S chart (X̄-S) or MR chart (I-MR) limits. */
  readonly range: ChartLimits;
  readonly points: readonly ChartPoint[];
  readonly violations: readonly RuleViolation[];
}

export type SpcError =
  | { readonly kind: 'no-subgroups' }
  | { readonly kind: 'unequal-subgroup-sizes'; readonly sizes: readonly number[] }
  | { readonly kind: 'subgroup-size-out-of-range'; readonly size: number; readonly min: number; readonly max: number }
  | { readonly kind: 'insufficient-data'; readonly reason: string }
  | { readonly kind: 'invalid-subgroup'; readonly index: number; readonly reason: string }
  | { readonly kind: 'invalid-spec-limits'; readonly lsl: number | null; readonly usl: number | null; readonly target: number | null; readonly reason: string }
  | { readonly kind: 'chart-not-applicable'; readonly chart: ChartKind; readonly subgroupSize: number | null };

export type SpcErrorKind = SpcError['kind'];

export function isSpcError(x: SpcAnalysis | SpcError): x is SpcError {
  return 'kind' in x;
}
