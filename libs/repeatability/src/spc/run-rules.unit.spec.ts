/**
 * Each Western Electric and Nelson rule: one series that triggers it and one
 * that just fails to.  Series are given as z-scores (center 0, zone width 1);
 * expectations list the indices at which the rule fires, per the convention in
 * run-rules.ts (reported at every point that completes the pattern).
 */
import { analyse } from './analyse';
import { ALL_RUN_RULES, evaluateRunRules } from './run-rules';
import type { RunRule, SpcAnalysis, SpcError, SubgroupInput } from './types';
import { isSpcError } from './types';

const fires = (rule: RunRule, z: readonly number[], center = 0, sigma = 1) =>
  evaluateRunRules(
    z.map((v) => ({ value: center + v * sigma, center, sigma })),
    [rule],
  ).map((h) => h.index);
const repeat = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
const alternate = (n: number, a: number, b: number) => repeat(n, (i) => (i % 2 ? b : a));

describe.each([['WE1'], ['N1']] as const)('%s: 1 point beyond 3σ', (rule) => {
  it('fires on a point at 3.2σ and at −3.5σ', () => expect(fires(rule, [0.5, -0.5, 3.2, 0.1, -3.5])).toEqual([2, 4]));
  it('does not fire at exactly 3σ', () => expect(fires(rule, [0.5, -0.5, 3.0, 0.1, -3.0])).toEqual([]));
});

describe.each([['WE2'], ['N5']] as const)('%s: 2 of 3 beyond 2σ, same side', (rule) => {
  it('fires when the 2nd of 3 completes the pattern', () => expect(fires(rule, [0.5, 2.5, -0.5, 2.5, 0])).toEqual([3]));
  it('fires on two in a row at the start of the series', () => expect(fires(rule, [2.5, 2.1])).toEqual([1]));
  it('does not fire when the pair spans 4 points', () => expect(fires(rule, [2.5, -0.5, 0.5, 2.5])).toEqual([]));
  it('is reported at the completing point only, not at a later non-qualifying one', () => expect(fires(rule, [0, 2.5, 2.5, 0.1, 0.2])).toEqual([2]));
  it('does not fire for opposite sides', () => expect(fires(rule, [2.5, -2.5, 0.3])).toEqual([]));
});

describe.each([['WE3'], ['N6']] as const)('%s: 4 of 5 beyond 1σ, same side', (rule) => {
  it('fires on the 4th qualifying point within 5', () => expect(fires(rule, [1.5, 1.5, 0.5, 1.5, 1.5])).toEqual([4]));
  it('fires below the center too', () => expect(fires(rule, [-1.5, -1.5, -1.5, -1.5])).toEqual([3]));
  it('does not fire with only 3 of 5', () => expect(fires(rule, [1.5, 1.5, 0.5, 0.5, 1.5, 1.5])).toEqual([]));
  it('each further qualifying point is reported once; non-qualifying ones are not', () => expect(fires(rule, [1.5, 1.5, 1.5, 1.5, 1.5, 0.2])).toEqual([3, 4]));
});

describe('WE4: 8 consecutive on one side', () => {
  it('fires on the 8th point (and each further one)', () => expect(fires('WE4', [-0.5, ...repeat(9, () => 0.2)])).toEqual([8, 9]));
  it('does not fire on 7', () => expect(fires('WE4', [-0.5, ...repeat(7, () => 0.2), -0.2, ...repeat(7, () => 0.2)])).toEqual([]));
  it('a point exactly on the center line breaks the run', () => expect(fires('WE4', [...repeat(4, () => 0.2), 0, ...repeat(4, () => 0.2)])).toEqual([]));
});

describe('N2: 9 in a row on the same side', () => {
  it('fires on the 9th point', () => expect(fires('N2', [0.5, ...repeat(9, () => -0.2)])).toEqual([9]));
  it('does not fire on 8', () => expect(fires('N2', [0.5, ...repeat(8, () => -0.2), 0.5])).toEqual([]));
});

describe('N3: 6 in a row steadily increasing or decreasing', () => {
  it('fires on the 6th increasing point', () => expect(fires('N3', [0.3, -0.5, -0.3, -0.1, 0.1, 0.3, 0.5])).toEqual([6]));
  it('fires on 6 decreasing', () => expect(fires('N3', [0.5, 0.3, 0.1, -0.1, -0.3, -0.5])).toEqual([5]));
  it('does not fire on 5 increasing', () => expect(fires('N3', [-0.5, -0.3, -0.1, 0.1, 0.3, 0.2])).toEqual([]));
  it('a tie breaks the trend', () => expect(fires('N3', [-0.5, -0.3, -0.1, -0.1, 0.1, 0.3, 0.5])).toEqual([]));
});

describe('N4: 14 in a row alternating up and down', () => {
  it('fires on the 14th point', () => expect(fires('N4', alternate(14, 0.4, -0.4))).toEqual([13]));
  it('does not fire on 13', () => expect(fires('N4', [...alternate(13, 0.4, -0.4), 0.6])).toEqual([]));
});

describe('N7: 15 in a row within 1σ', () => {
  it('fires on the 15th point', () => expect(fires('N7', [1.5, ...alternate(15, 0.5, -0.5)])).toEqual([15]));
  it('does not fire on 14', () => expect(fires('N7', [1.5, ...alternate(14, 0.5, -0.5), 1.5])).toEqual([]));
});

describe('N8: 8 in a row beyond 1σ, either side', () => {
  it('fires on the 8th point', () => expect(fires('N8', alternate(8, 1.5, -1.5))).toEqual([7]));
  it('does not fire on 7', () => expect(fires('N8', [...alternate(7, 1.5, -1.5), 0.5])).toEqual([]));
});

describe('zones are taken from center and σ', () => {
  it('scales with a non-zero center and σ', () => {
    expect(fires('WE1', [0.5, 3.2], 74, 0.004)).toEqual([1]);
    expect(fires('WE2', [2.5, 2.1], 74, 0.004)).toEqual([1]);
  });

  it('σ = 0: zone rules are skipped, side and trend rules still apply', () => {
    const pts = repeat(9, (i) => ({ value: 1 + i, center: 0, sigma: 0 }));
    const rules = new Set(evaluateRunRules(pts).map((h) => h.rule));
    expect([...rules].sort()).toEqual(['N2', 'N3', 'WE4']);
  });

  it('evaluates every rule by default and orders hits by index', () => {
    const hits = evaluateRunRules([0, 0, 3.5].map((v) => ({ value: v, center: 0, sigma: 1 })));
    expect(hits).toEqual([
      { rule: 'WE1', index: 2 },
      { rule: 'N1', index: 2 },
    ]);
    expect(ALL_RUN_RULES).toHaveLength(12);
  });
});

describe('through analyse: I-MR chart, violations carry the lot number', () => {
  // Indices 0–19 alternate 10.6 / 9.4; 20–27 are 11, 11.2, 11, …; 28 is 17.
  //   center = (200 + 88.8 + 17)/29 = 10.5448 (10.6 above it, 9.4 below: no side runs before 20);
  //   MR̄ = (19·1.2 + 1.6 + 7·0.2 + 5.8)/28 = 31.6/28 = 1.12857;  UCL = 10.5448 + 2.66·1.12857 = 13.547.
  // Expected: WE1/N1 at 28 (17 > UCL); indices 20–28 are 9 points above the center
  // → WE4 at 27 and 28, N2 at 28; differences alternate in sign from index 1 up to
  // index 20 → N4 (14 points) at 13…20.  Nothing else.
  const values = [...alternate(20, 10.6, 9.4), 11, 11.2, 11, 11.2, 11, 11.2, 11, 11.2, 17];
  const subgroups: SubgroupInput[] = values.map((x, i) => ({ n: 1, mean: x, range: 0, stdDev: 0, label: { lotNumber: `LOT-${i}`, inspectionId: `I-${i}` } }));
  const r = analyse({ subgroups }) as SpcAnalysis | SpcError;

  it('reports each rule at the completing point, with its lot number', () => {
    if (isSpcError(r)) throw new Error(JSON.stringify(r));
    expect(r.mean).toBeCloseTo(305.8 / 29, 12);
    expect(r.xbar.ucl).toBeCloseTo(305.8 / 29 + (2.66 * 31.6) / 28, 12);
    const at = (rule: RunRule) => r.violations.filter((v) => v.rule === rule).map((v) => v.index);
    expect(r.violations.filter((v) => v.rule === 'WE1')).toEqual([{ rule: 'WE1', index: 28, lotNumber: 'LOT-28' }]);
    expect(at('N1')).toEqual([28]);
    expect(at('WE4')).toEqual([27, 28]);
    expect(at('N2')).toEqual([28]);
    expect(at('N4')).toEqual([13, 14, 15, 16, 17, 18, 19, 20]);
    expect(new Set(r.violations.map((v) => v.rule))).toEqual(new Set(['WE1', 'N1', 'WE4', 'N2', 'N4']));
    for (const v of r.violations) expect(v.lotNumber).toBe(`LOT-${v.index}`);
  });
});
