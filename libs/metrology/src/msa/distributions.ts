/**
 * Distributions the gauge R&R study needs, written out so the domain loads nothing: the standard
 * normal, the F distribution (through the regularized incomplete beta function) and the relative
 * range of m normal values (d2, d3 and Duncan's d2*(m, 1)).
 */

// Lanczos approximation (g = 7, n = 9), relative error ~1e-15 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz), converges for x < (a+1)/(a+b+2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast on one side of the mean; use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) on the other.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Upper tail P(F > f) of the F distribution with (d1, d2) degrees of freedom. */
export function fUpperTail(f: number, d1: number, d2: number): number {
  if (!(f > 0)) return 1;
  if (!Number.isFinite(f)) return 0;
  return regularizedIncompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

/** Complementary error function, Chebyshev-fitted rational form (fractional error below 1.2e-7 everywhere). */
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

/** Standard normal distribution function Φ. */
export const normalCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);
const normalPdf = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** Composite Simpson rule over [a, b] with an even number of intervals. */
function simpson(f: (x: number) => number, a: number, b: number, intervals: number): number {
  const h = (b - a) / intervals;
  let sum = f(a) + f(b);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

export interface RangeMoments {
  /** E[R]/σ for the range R of m independent normal values. */
  d2: number;
  /** SD[R]/σ. */
  d3: number;
  /** √E[R²]/σ: Duncan's d2*(m, g) for a single range (g = 1), which AIAG's K2 and K3 are 1/… of. */
  d2StarSingle: number;
}

const rangeMomentsCache = new Map<number, RangeMoments>();

/**
 * Moments of the relative range of m normal values, by numerical integration of
 * P(R ≤ r) = m ∫ φ(x) [Φ(x + r) − Φ(x)]^(m−1) dx; E[R] = ∫ P(R > r) dr, E[R²] = ∫ 2r P(R > r) dr.
 * Computed rather than tabulated because a study may have up to 30 parts, beyond the printed tables.
 */
export function rangeMoments(m: number): RangeMoments {
  const cached = rangeMomentsCache.get(m);
  if (cached) return cached;
  const survival = (r: number): number => 1 - m * simpson((x) => normalPdf(x) * Math.pow(normalCdf(x + r) - normalCdf(x), m - 1), -9, 9, 180);
  // One grid of P(R > r) serves both moments (Simpson weights 1, 4, 2, …, 4, 1).
  const upper = 14;
  const intervals = 140;
  const h = upper / intervals;
  let meanRange = 0;
  let meanSquare = 0;
  for (let i = 0; i <= intervals; i++) {
    const r = i * h;
    const weight = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    const tail = survival(r);
    meanRange += weight * tail;
    meanSquare += weight * 2 * r * tail;
  }
  meanRange *= h / 3;
  meanSquare *= h / 3;
  const moments = { d2: meanRange, d3: Math.sqrt(Math.max(0, meanSquare - meanRange * meanRange)), d2StarSingle: Math.sqrt(meanSquare) };
  rangeMomentsCache.set(m, moments);
  return moments;
}
