/**
 * Western Electric (WE1–WE4) and Nelson (N1–N8) run rules on the X̄ or
 * individuals chart.
 *
 * Zones: each point carries its chart's center and its zone width
 * σ_x̄ = (UCL − center)/3, and is classified by z = (value − center)/σ_x̄.
 * "Beyond kσ" means |z| > k (strict); "within 1σ" means |z| ≤ 1 (its complement).
 * "Same side" means z > 0 (above) or z < 0 (below); a point exactly on the
 * center line belongs to neither side and breaks side runs.  Trends and
 * alternation compare successive plotted values; a tie breaks the pattern.
 *
 * Reporting convention: a rule is reported at index i when the pattern is
 * completed by point i, i.e. the window (or run) ending at i qualifies and
 * point i itself is one of the qualifying points.  Each (rule, index) is
 * reported at most once, so a run of 10 points above the center yields WE4 at
 * the 8th, 9th and 10th point, and a single point beyond 3σ yields WE1 and N1
 * at that point.  At the start of the series "k of m" windows may be shorter
 * than m (two consecutive points beyond 2σ at indices 0 and 1 trigger WE2/N5
 * at index 1).
 *
 * When σ_x̄ is 0 or not finite (no within-subgroup variation) the zone rules
 * (WE1–WE3, N1, N5–N8) are not evaluated for that point; side and trend rules
 * (WE4, N2, N3, N4) still are.
 */
import type { RunRule } from './types';

export interface RulePoint {
  readonly value: number;
  readonly center: number;
  /** Zone width: (UCL − center)/3 for this point. */
  readonly sigma: number;
}

export interface RuleHit {
  readonly rule: RunRule;
  readonly index: number;
}

export const RUN_RULE_DESCRIPTIONS: Readonly<Record<RunRule, string>> = Object.freeze({
  WE1: '1 point beyond 3σ',
  WE2: '2 of 3 consecutive points beyond 2σ on the same side',
  WE3: '4 of 5 consecutive points beyond 1σ on the same side',
  WE4: '8 consecutive points on one side of the center line',
  N1: '1 point beyond 3σ',
  N2: '9 points in a row on the same side of the center line',
  N3: '6 points in a row steadily increasing or decreasing',
  N4: '14 points in a row alternating up and down',
  N5: '2 of 3 consecutive points beyond 2σ on the same side',
  N6: '4 of 5 consecutive points beyond 1σ on the same side',
  N7: '15 points in a row within 1σ of the center line (either side)',
  N8: '8 points in a row beyond 1σ (either side), none within 1σ',
});

export const ALL_RUN_RULES: readonly RunRule[] = Object.freeze(['WE1', 'WE2', 'WE3', 'WE4', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as RunRule[]);

/** z-score, or null when the zone width is unusable. */
function zScore(p: RulePoint): number | null {
  if (!(Number.isFinite(p.sigma) && p.sigma > 0)) return null;
  return (p.value - p.center) / p.sigma;
}

const sign = (x: number): -1 | 0 | 1 => (x > 0 ? 1 : x < 0 ? -1 : 0);

/**
 * k of the last m points (window ending at i, shorter at the start) beyond
 * `limit` σ on one side, with point i itself one of them.
 */
function kOfMBeyond(z: readonly (number | null)[], i: number, k: number, m: number, limit: number): boolean {
  const zi = z[i];
  if (zi === null || Math.abs(zi) <= limit) return false;
  const side = sign(zi);
  let count = 0;
  for (let j = Math.max(0, i - m + 1); j <= i; j++) {
    const zj = z[j];
    if (zj !== null && Math.abs(zj) > limit && sign(zj) === side) count++;
  }
  return count >= k;
}

export function evaluateRunRules(points: readonly RulePoint[], rules: readonly RunRule[] = ALL_RUN_RULES): RuleHit[] {
  const wanted = new Set(rules);
  const z = points.map(zScore);
  const hits: RuleHit[] = [];

  // Run lengths ending at i.
  let above = 0; // consecutive points with value > center
  let below = 0;
  let rising = 0; // consecutive strict increases ending at i (points = rising + 1)
  let falling = 0;
  let alternating = 0; // consecutive non-zero, sign-alternating differences ending at i
  let within1 = 0; // consecutive |z| ≤ 1
  let beyond1 = 0; // consecutive |z| > 1
  let prevDiffSign = 0;

  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const zi = z[i];
    const side = sign(p.value - p.center);
    above = side > 0 ? above + 1 : 0;
    below = side < 0 ? below + 1 : 0;

    const diffSign = i === 0 ? 0 : sign(p.value - points[i - 1].value);
    rising = diffSign > 0 ? rising + 1 : 0;
    falling = diffSign < 0 ? falling + 1 : 0;
    alternating = diffSign === 0 ? 0 : prevDiffSign !== 0 && diffSign === -prevDiffSign ? alternating + 1 : 1;
    prevDiffSign = diffSign;

    within1 = zi !== null && Math.abs(zi) <= 1 ? within1 + 1 : 0;
    beyond1 = zi !== null && Math.abs(zi) > 1 ? beyond1 + 1 : 0;

    const beyond3 = zi !== null && Math.abs(zi) > 3;
    const twoOfThree = kOfMBeyond(z, i, 2, 3, 2);
    const fourOfFive = kOfMBeyond(z, i, 4, 5, 1);
    const fired: Record<RunRule, boolean> = {
      WE1: beyond3,
      WE2: twoOfThree,
      WE3: fourOfFive,
      WE4: above >= 8 || below >= 8,
      N1: beyond3,
      N2: above >= 9 || below >= 9,
      N3: rising >= 5 || falling >= 5,
      N4: alternating >= 13,
      N5: twoOfThree,
      N6: fourOfFive,
      N7: within1 >= 15,
      N8: beyond1 >= 8,
    };
    for (const rule of ALL_RUN_RULES) {
      if (wanted.has(rule) && fired[rule]) hits.push({ rule, index: i });
    }
  }
  return hits;
}
