/**
 * Subgroup statistics and numerically stable moment arithmetic.
 *
 * The read model stores, per subgroup (one inspection of one lot), the count n,
 * mean, range, sample standard deviation (n − 1 divisor), and the raw sums Σx and
 * Σx².  Overall (long-term) dispersion is obtained without the raw values by
 * combining per-subgroup (n, mean, M2) with the parallel ("Chan et al.") formula,
 * M2 = Σ M2ᵢ + Σ nᵢ(x̄ᵢ − x̄)², which keeps full precision for data such as
 * 25.0012 ± 0.0001 where the textbook Σx² − (Σx)²/N cancels catastrophically.
 */

export interface SubgroupStatistics {
  readonly n: number;
  readonly mean: number;
  /** max − min (0 for n = 1). */
  readonly range: number;
  /** Sample standard deviation, n − 1 divisor (0 for n = 1, by convention). */
  readonly stdDev: number;
  /** Σx. */
  readonly sum: number;
  /** Σx². */
  readonly sumOfSquares: number;
}

/** Count, mean and M2 = Σ(x − mean)² of a set of measurements. */
export interface Moments {
  readonly n: number;
  readonly mean: number;
  readonly m2: number;
}

/**
 * Statistics of one subgroup.  The mean is taken relative to the first value
 * and the standard deviation by a two-pass sum of squared deviations, so both
 * are accurate even when the spread is tiny relative to the magnitude.
 * Throws RangeError on an empty subgroup or a non-finite value (caller bug).
 */
export function subgroupStatistics(values: readonly number[]): SubgroupStatistics {
  const n = values.length;
  if (n === 0) throw new RangeError('a subgroup needs at least one measurement');
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumOfSquares = 0;
  let shifted = 0;
  const ref = values[0];
  for (const x of values) {
    if (!Number.isFinite(x)) throw new RangeError(`measurement is not a finite number: ${x}`);
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    sumOfSquares += x * x;
    shifted += x - ref;
  }
  const mean = ref + shifted / n;
  let m2 = 0;
  for (const x of values) {
    const d = x - mean;
    m2 += d * d;
  }
  return { n, mean, range: max - min, stdDev: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0, sum, sumOfSquares };
}

/** Moments of a subgroup from its summary (n, mean, sample std dev). */
export function momentsOf(s: { readonly n: number; readonly mean: number; readonly stdDev: number }): Moments {
  return { n: s.n, mean: s.mean, m2: s.n > 1 ? (s.n - 1) * s.stdDev * s.stdDev : 0 };
}

/** Pairwise Chan/Welford merge: exact combination of two sets' moments. */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  return { n, mean: a.mean + (delta * b.n) / n, m2: a.m2 + b.m2 + (delta * delta * a.n * b.n) / n };
}

/**
 * Combine many subgroups' moments.  Two passes over the subgroups: the grand
 * mean (as a shifted weighted mean), then M2 = Σ M2ᵢ + Σ nᵢ(x̄ᵢ − x̄)².
 */
export function combineMoments(parts: readonly Moments[]): Moments {
  let n = 0;
  for (const p of parts) n += p.n;
  if (n === 0) return { n: 0, mean: NaN, m2: 0 };
  const ref = parts.find((p) => p.n > 0)!.mean;
  let shifted = 0;
  for (const p of parts) if (p.n > 0) shifted += p.n * (p.mean - ref);
  const mean = ref + shifted / n;
  let m2 = 0;
  for (const p of parts) {
    if (p.n === 0) continue;
    const d = p.mean - mean;
    m2 += p.m2 + p.n * d * d;
  }
  return { n, mean, m2 };
}

/** Sample standard deviation (n − 1) of combined moments; null when n < 2. */
export function sampleStdDev(m: Moments): number | null {
  if (m.n < 2) return null;
  return Math.sqrt(Math.max(0, m.m2) / (m.n - 1));
}

/**
 * Moments from stored aggregate sums: s² = (Σx² − (Σx)²/N)/(N − 1).
 *
 * If the sums were accumulated over (x − shift) for a constant shift close to
 * the data (a nominal or target value), pass that shift: the cancellation then
 * happens on small numbers and precision is kept.  With shift = 0 and data of
 * large magnitude and tiny spread this formula loses digits; prefer
 * combineMoments over per-subgroup (n, mean, stdDev) in that case (analyse does).
 * Rounding can make the numerator slightly negative; it is clamped to 0.
 */
export function momentsFromSums(n: number, sum: number, sumOfSquares: number, shift = 0): Moments {
  if (n === 0) return { n: 0, mean: NaN, m2: 0 };
  const shiftedMean = sum / n;
  return { n, mean: shift + shiftedMean, m2: Math.max(0, sumOfSquares - sum * shiftedMean) };
}
