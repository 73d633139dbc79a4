import { analyseGaugeRr, GaugeRrResult, isUnbalanced, MsaMeasurement, UnbalancedDesign } from './gauge-rr';
import { AIAG_MSA4_STUDY, MONTGOMERY_8_7_STUDY } from './gauge-rr.fixture.spec';

/** |actual − expected| ≤ 1e-3 · |expected|. */
const expectRelative = (actual: number | undefined, expected: number): void => {
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-3 * Math.abs(expected));
};

const analysed = (measurements: MsaMeasurement[], limits = {}): GaugeRrResult => {
  const result = analyseGaugeRr(measurements, limits);
  if (isUnbalanced(result)) throw new Error(`unexpectedly unbalanced: ${JSON.stringify(result)}`);
  return result;
};

const numbersIn = (value: unknown): number[] =>
  typeof value === 'number' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(numbersIn) : [];

describe('gauge R&R, average-and-range method: AIAG MSA 4th edition worked example (10 parts × 3 appraisers × 3 trials)', () => {
  const { averageRange: ar } = analysed(AIAG_MSA4_STUDY);

  it.each([
    ['rbarbar', 0.3417],
    ['xdiff', 0.4446],
    ['rp', 3.511],
    ['uclR', 0.8816],
    ['ev', 0.20188],
    ['av', 0.22963],
    ['grr', 0.30575],
    ['pv', 1.10456],
    ['tv', 1.1461],
    ['pctEv', 17.62],
    ['pctAv', 20.04],
    ['pctGrr', 26.68],
    ['pctPv', 96.38],
  ] as const)('reproduces the published %s = %s to 1e-3 relative', (field, published) => {
    expectRelative(ar[field], published);
  });

  it('counts 5 distinct categories, as published', () => {
    expect(ar.ndc).toBe(5);
  });

  it('flags appraiser B on part 4 (range 1.02) as the one range above UCL_R, as the manual does', () => {
    expect(ar.rangesAboveUcl).toEqual([{ appraiser: 'B', part: 'P4', range: expect.closeTo(1.02, 10) }]);
  });
});

describe('gauge R&R, ANOVA method: AIAG MSA 4th edition worked example', () => {
  const { anova } = analysed(AIAG_MSA4_STUDY);
  const row = (source: string) => anova.table.find((r) => r.source === source);

  it.each([
    ['appraiser', 2, 3.1673, 1.58363, 79.41],
    ['part', 9, 88.3619, 9.81799, 492.29],
    ['part × appraiser', 18, 0.359, 0.01994, 0.434],
  ] as const)('reproduces the published ANOVA row %s (df %i, SS %s, MS %s, F %s)', (source, df, ss, ms, f) => {
    expect(row(source)?.df).toBe(df);
    expectRelative(row(source)?.ss, ss);
    expectRelative(row(source)?.ms, ms);
    expectRelative(row(source)?.f, f);
  });

  it('reproduces the published repeatability (SS 2.7589, df 60, MS 0.04598) and total (SS 94.6471, df 89) rows', () => {
    expect(row('repeatability')).toMatchObject({ df: 60 });
    expectRelative(row('repeatability')?.ss, 2.7589);
    expectRelative(row('repeatability')?.ms, 0.04598);
    expect(row('total')).toMatchObject({ df: 89 });
    expectRelative(row('total')?.ss, 94.6471);
  });

  it('pools the non-significant interaction (p ≈ 0.974) into repeatability, with the table after pooling', () => {
    expect(row('part × appraiser')?.p).toBeGreaterThan(0.97);
    expect(anova.interactionPooled).toBe(true);
    expect(anova.pooledTable?.find((r) => r.source === 'repeatability')).toMatchObject({ df: 78 });
    expectRelative(anova.pooledTable?.find((r) => r.source === 'repeatability')?.ms, 0.039973);
  });

  it.each([
    ['repeatability', 0.039973],
    ['reproducibility', 0.051455],
    ['grr', 0.09143],
    ['part', 1.086447],
    ['total', 1.177877],
  ] as const)('reproduces the published variance component %s = %s', (component, published) => {
    expectRelative(anova.variance[component], published);
  });

  // The manual prints the percentages to one decimal; they are checked against the ratios of its printed standard deviations
  // (EV 0.199933, AV 0.226838, GRR 0.302373, PV 1.042327, TV 1.085302).
  it.each([
    ['repeatability', 0.199933],
    ['reproducibility', 0.226838],
    ['grr', 0.302373],
    ['part', 1.042327],
  ] as const)('%%study variation of %s is 100 · %s / 1.085302', (component, sd) => {
    expectRelative(anova.pctStudyVariation[component], (100 * sd) / 1.085302);
    expectRelative(anova.pctContribution[component], (100 * sd * sd) / 1.085302 ** 2);
  });

  it('counts ⌊1.41 · 1.042327 / 0.302373⌋ = 4 distinct categories', () => {
    expect(anova.ndc).toBe(4);
  });

  it('reads the verdict from %study variation without limits, from %tolerance with them', () => {
    const withoutLimits = analysed(AIAG_MSA4_STUDY);
    expect(withoutLimits.verdictBasis).toBe('study-variation');
    // %GRR 27.9 is conditionally acceptable, but ndc 4 < 5 cannot tell the parts apart.
    expect(withoutLimits.verdict).toBe('unacceptable');
    const withLimits = analysed(AIAG_MSA4_STUDY, { lsl: -10, usl: 10 });
    expect(withLimits.verdictBasis).toBe('tolerance');
    expectRelative(withLimits.anova.pctTolerance?.grr, (100 * 6 * 0.302373) / 20);
    expectRelative(withLimits.averageRange.pctTolerance?.grr, (100 * 6 * 0.30575) / 20);
  });
});

describe('gauge R&R of a different size: Montgomery, Introduction to SQC, Example 8.7/8.8 (20 parts × 3 operators × 2 measurements)', () => {
  const result = analysed(MONTGOMERY_8_7_STUDY, { lsl: 5, usl: 60 });
  const row = (source: string) => result.anova.table.find((r) => r.source === source);

  it.each([
    ['part', 19, 1185.425, 87.65],
    ['appraiser', 2, 2.617, 1.84],
    ['part × appraiser', 38, 27.05, 0.72],
  ] as const)('reproduces the published ANOVA row %s (df %i, SS %s, F %s)', (source, df, ss, f) => {
    expect(row(source)?.df).toBe(df);
    expectRelative(row(source)?.ss, ss);
    expect(row(source)?.f).toBeCloseTo(f, 2);
  });

  it('reproduces the error and total sums of squares (59.500, 1274.592) and the published p-values 0.173 and 0.861', () => {
    expectRelative(row('repeatability')?.ss, 59.5);
    expectRelative(row('total')?.ss, 1274.592);
    expect(row('appraiser')?.p).toBeCloseTo(0.173, 3);
    expect(row('part × appraiser')?.p).toBeCloseTo(0.861, 3);
  });

  it('reproduces the reduced-model variance components σ² = 0.8832, σ²_operator = 0.0106, σ²_part = 10.2513 and P/T ≈ 0.10', () => {
    expect(result.anova.interactionPooled).toBe(true);
    expectRelative(result.anova.variance.repeatability, 0.8832);
    expect(result.anova.variance.reproducibility).toBeCloseTo(0.0106, 4);
    expectRelative(result.anova.variance.part, 10.2513);
    expect(result.anova.pctTolerance?.grr).toBeCloseTo(10.3, 1);
  });

  it('reproduces the tabular figures R̄̄ = 1.15 and operator averages 22.30, 22.28, 22.60', () => {
    expectRelative(result.averageRange.rbarbar, 1.15);
    expect(result.averageRange.appraiserAverages.map((a) => a.average)).toEqual([22.3, expect.closeTo(22.275, 10), expect.closeTo(22.6, 10)]);
  });
});

describe('gauge R&R verdict (AIAG: %GRR < 10 acceptable, 10–30 conditional, > 30 unacceptable; ndc ≥ 5)', () => {
  /** 10 parts `spread` apart, 2 appraisers, 3 trials with a fixed ±noise pattern. */
  const study = (spread: number, noise: number): MsaMeasurement[] =>
    Array.from({ length: 10 }, (_, p) =>
      ['A', 'B'].flatMap((appraiser, a) =>
        [1, 2, 3].map((trial) => ({ part: `P${p}`, appraiser, trial, value: p * spread + a * noise + [1, -1, 0][trial - 1] * noise * (p % 2 ? 1 : -1) })),
      ),
    ).flat();

  it('judges a gauge whose 6σGRR is a small share of the tolerance acceptable', () => {
    const result = analysed(study(0.1, 0.001), { lsl: -1, usl: 2 });
    expect(result.anova.pctTolerance!.grr).toBeLessThan(10);
    expect(result).toMatchObject({ verdict: 'acceptable', verdictBasis: 'tolerance' });
  });

  it('judges %GRR of the tolerance between 10 and 30 conditionally acceptable when ndc ≥ 5', () => {
    const result = analysed(study(0.5, 0.01), { lsl: 0, usl: 0.6 });
    expect(result.anova.pctTolerance!.grr).toBeGreaterThanOrEqual(10);
    expect(result.anova.pctTolerance!.grr).toBeLessThanOrEqual(30);
    expect(result.anova.ndc).toBeGreaterThanOrEqual(5);
    expect(result.verdict).toBe('conditional');
  });

  it('judges %GRR over 30 unacceptable', () => {
    const result = analysed(study(0.5, 0.05), { lsl: 0, usl: 0.6 });
    expect(result.anova.pctTolerance!.grr).toBeGreaterThan(30);
    expect(result.verdict).toBe('unacceptable');
  });
});

describe('gauge R&R edge cases', () => {
  it('handles a single appraiser: AV = 0, no appraiser rows, reproducibility 0', () => {
    const result = analysed(AIAG_MSA4_STUDY.filter((m) => m.appraiser === 'A'));
    expect(result.appraisers).toBe(1);
    expect(result.averageRange.av).toBe(0);
    expect(result.averageRange.xdiff).toBe(0);
    expect(result.averageRange.grr).toBe(result.averageRange.ev);
    expect(result.anova.table.map((r) => r.source)).toEqual(['part', 'repeatability', 'total']);
    expect(result.anova.variance.reproducibility).toBe(0);
    const [part, error, total] = result.anova.table;
    expect(part.ss + error.ss).toBeCloseTo(total.ss, 10);
    expect(numbersIn(result).every(Number.isFinite)).toBe(true);
  });

  it('handles parts that do not differ at all: PV = 0, ndc 0, unacceptable, no NaN anywhere', () => {
    const noise = [0.01, -0.02, 0.015];
    const measurements: MsaMeasurement[] = ['P1', 'P2', 'P3'].flatMap((part) =>
      ['A', 'B'].flatMap((appraiser, a) => [1, 2, 3].map((trial) => ({ part, appraiser, trial, value: 5 + a * 0.01 + noise[trial - 1] }))),
    );
    const result = analysed(measurements);
    expect(result.averageRange.pv).toBe(0);
    expect(result.anova.variance.part).toBe(0);
    expect(result.averageRange.ndc).toBe(0);
    expect(result.anova.ndc).toBe(0);
    expect(result.verdict).toBe('unacceptable');
    expect(numbersIn(result).every(Number.isFinite)).toBe(true);
  });

  it('handles a study where every reading is identical: no variation, percentages 0, ndc null, no NaN', () => {
    const measurements: MsaMeasurement[] = ['P1', 'P2'].flatMap((part) =>
      ['A', 'B'].flatMap((appraiser) => [1, 2].map((trial) => ({ part, appraiser, trial, value: 3 }))),
    );
    const result = analysed(measurements);
    expect(result.anova.ndc).toBeNull();
    expect(result.averageRange.pctGrr).toBe(0);
    expect(numbersIn(result).every(Number.isFinite)).toBe(true);
  });

  it('refuses an unbalanced design and says which part × appraiser × trial is missing', () => {
    const result = analyseGaugeRr(AIAG_MSA4_STUDY.filter((m) => !(m.part === 'P7' && m.appraiser === 'B' && m.trial === 2)));
    expect(isUnbalanced(result)).toBe(true);
    expect((result as UnbalancedDesign).missing).toEqual([{ part: 'P7', appraiser: 'B', trial: 2 }]);
  });

  it('refuses a design where a part × appraiser × trial is measured twice', () => {
    const result = analyseGaugeRr([...AIAG_MSA4_STUDY, { part: 'P1', appraiser: 'A', trial: 1, value: 0.3 }]);
    expect((result as UnbalancedDesign).duplicated).toEqual([{ part: 'P1', appraiser: 'A', trial: 1 }]);
  });
});
