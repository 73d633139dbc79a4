/**
 * Process capability (Cp, Cpk; short-term, σ within) and performance
 * (Pp, Ppk; long-term, σ overall) indices, plus Taguchi's Cpm.
 *
 *   Cp  = (USL − LSL) / 6σw                  both limits required, else null
 *   Cpk = min(USL − μ, μ − LSL) / 3σw        one-sided: the side that exists
 *   Pp, Ppk: the same with σo (sample s of all measurements, N − 1)
 *   Cpm = (USL − LSL) / (6·√(σo² + (μ − T)²))   needs both limits and a target
 *
 * A σ that is 0 or not finite gives null, never ±Infinity or NaN.
 */

export interface CapabilityInput {
  readonly mean: number;
  readonly sigmaWithin: number | null;
  readonly sigmaOverall: number | null;
  readonly lsl?: number | null;
  readonly usl?: number | null;
  readonly target?: number | null;
}

export interface CapabilityIndices {
  readonly cp: number | null;
  readonly cpk: number | null;
  readonly pp: number | null;
  readonly ppk: number | null;
  readonly cpm: number | null;
}

const usable = (sigma: number | null | undefined): sigma is number => typeof sigma === 'number' && Number.isFinite(sigma) && sigma > 0;

const given = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** Potential capability (USL − LSL)/6σ; null unless both limits and σ > 0. */
export function potentialIndex(lsl: number | null | undefined, usl: number | null | undefined, sigma: number | null): number | null {
  if (!given(lsl) || !given(usl) || !usable(sigma)) return null;
  return (usl - lsl) / (6 * sigma);
}

/** Actual capability min(USL − μ, μ − LSL)/3σ over the limits that exist. */
export function actualIndex(mean: number, lsl: number | null | undefined, usl: number | null | undefined, sigma: number | null): number | null {
  if (!usable(sigma) || !Number.isFinite(mean)) return null;
  const sides: number[] = [];
  if (given(usl)) sides.push((usl - mean) / (3 * sigma));
  if (given(lsl)) sides.push((mean - lsl) / (3 * sigma));
  return sides.length === 0 ? null : Math.min(...sides);
}

export function capabilityIndices(input: CapabilityInput): CapabilityIndices {
  const { mean, sigmaWithin, sigmaOverall, lsl, usl, target } = input;
  let cpm: number | null = null;
  if (given(lsl) && given(usl) && given(target) && given(sigmaOverall) && sigmaOverall >= 0 && Number.isFinite(mean)) {
    const tau = Math.sqrt(sigmaOverall * sigmaOverall + (mean - target) * (mean - target));
    cpm = tau > 0 ? (usl - lsl) / (6 * tau) : null;
  }
  return {
    cp: potentialIndex(lsl, usl, sigmaWithin),
    cpk: actualIndex(mean, lsl, usl, sigmaWithin),
    pp: potentialIndex(lsl, usl, sigmaOverall),
    ppk: actualIndex(mean, lsl, usl, sigmaOverall),
    cpm,
  };
}
