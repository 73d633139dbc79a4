/**
 * Control-chart constants for subgroup sizes n = 2..25.
 *
 * Source: D. C. Montgomery, "Introduction to Statistical Quality Control",
 * Appendix VI ("Factors for Constructing Variables Control Charts"); the same
 * factors are tabulated in ASTM E2587 and in the NIST/SEMATECH e-Handbook of
 * Statistical Methods, section 6.3.2 (Shewhart X-bar/R/S charts).
 *
 * The table is the published, rounded one (d2, d3, A2, A3, B3, B4, D3, D4 to
 * three decimals, c4 to four).  The tests re-derive every column independently:
 * c4 from its gamma-function formula, d2 and d3 by numerical integration of the
 * normal range distribution, and A2, A3, B3, B4, D3, D4 from d2/d3/c4.
 * d3(19) = 0.73349… sits right at a rounding boundary; this table uses 0.733
 * (the correctly rounded value; check against your printed copy if it says 0.734).
 */

export interface ControlChartConstants {
  readonly n: number;
  /** E[R]/σ: mean of the relative range. */
  readonly d2: number;
  /** SD[R]/σ: standard deviation of the relative range. */
  readonly d3: number;
  /** E[s]/σ: bias of the sample standard deviation (n − 1 divisor). */
  readonly c4: number;
  /** X̄ limits from R̄: 3 / (d2·√n). */
  readonly A2: number;
  /** X̄ limits from S̄: 3 / (c4·√n). */
  readonly A3: number;
  /** R chart LCL factor: max(0, 1 − 3·d3/d2). */
  readonly D3: number;
  /** R chart UCL factor: 1 + 3·d3/d2. */
  readonly D4: number;
  /** S chart LCL factor: max(0, 1 − 3·√(1 − c4²)/c4). */
  readonly B3: number;
  /** S chart UCL factor: 1 + 3·√(1 − c4²)/c4. */
  readonly B4: number;
}

export const MIN_TABULATED_SUBGROUP_SIZE = 2;
export const MAX_TABULATED_SUBGROUP_SIZE = 25;

//            n    d2     d3     c4      A2     A3     D3     D4     B3     B4
const ROWS: ReadonlyArray<readonly [number, number, number, number, number, number, number, number, number, number]> = [
  [2, 1.128, 0.853, 0.7979, 1.88, 2.659, 0, 3.267, 0, 3.267],
  [3, 1.693, 0.888, 0.8862, 1.023, 1.954, 0, 2.574, 0, 2.568],
  [4, 2.059, 0.88, 0.9213, 0.729, 1.628, 0, 2.282, 0, 2.266],
  [5, 2.326, 0.864, 0.94, 0.577, 1.427, 0, 2.114, 0, 2.089],
  [6, 2.534, 0.848, 0.9515, 0.483, 1.287, 0, 2.004, 0.03, 1.97],
  [7, 2.704, 0.833, 0.9594, 0.419, 1.182, 0.076, 1.924, 0.118, 1.882],
  [8, 2.847, 0.82, 0.965, 0.373, 1.099, 0.136, 1.864, 0.185, 1.815],
  [9, 2.97, 0.808, 0.9693, 0.337, 1.032, 0.184, 1.816, 0.239, 1.761],
  [10, 3.078, 0.797, 0.9727, 0.308, 0.975, 0.223, 1.777, 0.284, 1.716],
  [11, 3.173, 0.787, 0.9754, 0.285, 0.927, 0.256, 1.744, 0.321, 1.679],
  [12, 3.258, 0.778, 0.9776, 0.266, 0.886, 0.283, 1.717, 0.354, 1.646],
  [13, 3.336, 0.77, 0.9794, 0.249, 0.85, 0.307, 1.693, 0.382, 1.618],
  [14, 3.407, 0.763, 0.981, 0.235, 0.817, 0.328, 1.672, 0.406, 1.594],
  [15, 3.472, 0.756, 0.9823, 0.223, 0.789, 0.347, 1.653, 0.428, 1.572],
  [16, 3.532, 0.75, 0.9835, 0.212, 0.763, 0.363, 1.637, 0.448, 1.552],
  [17, 3.588, 0.744, 0.9845, 0.203, 0.739, 0.378, 1.622, 0.466, 1.534],
  [18, 3.64, 0.739, 0.9854, 0.194, 0.718, 0.391, 1.608, 0.482, 1.518],
  [19, 3.689, 0.733, 0.9862, 0.187, 0.698, 0.403, 1.597, 0.497, 1.503],
  [20, 3.735, 0.729, 0.9869, 0.18, 0.68, 0.415, 1.585, 0.51, 1.49],
  [21, 3.778, 0.724, 0.9876, 0.173, 0.663, 0.425, 1.575, 0.523, 1.477],
  [22, 3.819, 0.72, 0.9882, 0.167, 0.647, 0.434, 1.566, 0.534, 1.466],
  [23, 3.858, 0.716, 0.9887, 0.162, 0.633, 0.443, 1.557, 0.545, 1.455],
  [24, 3.895, 0.712, 0.9892, 0.157, 0.619, 0.451, 1.548, 0.555, 1.445],
  [25, 3.931, 0.708, 0.9896, 0.153, 0.606, 0.459, 1.541, 0.565, 1.435],
];

const TABLE: ReadonlyMap<number, ControlChartConstants> = new Map(
  ROWS.map(([n, d2, d3, c4, A2, A3, D3, D4, B3, B4]) => [n, Object.freeze({ n, d2, d3, c4, A2, A3, D3, D4, B3, B4 })]),
);

/** All tabulated rows, n = 2..25, in ascending n. */
export const CONTROL_CHART_CONSTANTS: readonly ControlChartConstants[] = Object.freeze([...TABLE.values()]);

/** The tabulated constants for subgroup size n, or undefined outside 2..25. */
export function controlChartConstants(n: number): ControlChartConstants | undefined {
  return TABLE.get(n);
}

/**
 * Individuals / moving-range (span 2) chart factors, as published
 * (Montgomery §6.4; NIST/SEMATECH e-Handbook 6.3.2.2):
 * σ = MR̄/d2(2) = MR̄/1.128, individuals limits x̄ ± E2·MR̄ with E2 = 2.66 (≈ 3/1.128),
 * MR chart UCL = D4(2)·MR̄ = 3.267·MR̄, LCL = D3(2)·MR̄ = 0.
 */
export const INDIVIDUALS_CONSTANTS = Object.freeze({ d2: 1.128, E2: 2.66, D3: 0, D4: 3.267 });

// Lanczos approximation (g = 7, n = 9), relative error ~1e-15 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma needs x > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx)
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * c4(n) = √(2/(n−1)) · Γ(n/2) / Γ((n−1)/2), unrounded, for any real n > 1
 * (used for the pooled-standard-deviation correction c4(Σ(nᵢ−1)+1), whose
 * argument is usually far beyond the table).
 */
export function c4Exact(n: number): number {
  if (!(n > 1)) throw new RangeError(`c4 needs n > 1, got ${n}`);
  if (n >= 1000) {
    // Asymptotic series (error O(n⁻⁵) < 1e-15 here); the lnGamma difference of
    // two large arguments would lose ~1e-11 to cancellation.
    const m = 1 / n;
    return 1 - m / 4 - (7 * m * m) / 32 - (19 * m ** 3) / 128 + (2631 * m ** 4) / 2048;
  }
  return Math.sqrt(2 / (n - 1)) * Math.exp(lnGamma(n / 2) - lnGamma((n - 1) / 2));
}
