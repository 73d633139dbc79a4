import fc from 'fast-check';
import { GaugeStudy, measurementSystemOf } from './measurement-system';

const study = (gaugeId: string, performedAt: string, verdict: GaugeStudy['verdict'], varianceGrr = 0.09): GaugeStudy => ({
  studyId: `MSA-${gaugeId}-${performedAt.slice(0, 10)}`,
  gaugeId,
  performedAt,
  verdict,
  verdictBasis: 'tolerance',
  pctGrr: 8,
  ndc: 9,
  varianceGrr,
});
const at = (day: number): string => `2026-03-${String(day).padStart(2, '0')}T08:00:00.000Z`;
const overall = { mean: 3, sigmaOverall: 0.5, lsl: 0, usl: 6 };

describe('measurement system of a capability answer', () => {
  it('names each gauge with its study verdict and subgroups, warns about the gauge without a study, and corrects with the acceptable one', () => {
    const subgroups = [
      { gaugeId: 'G1', inspectedAt: at(2) },
      { gaugeId: 'G2', inspectedAt: at(3) },
      { gaugeId: 'G1', inspectedAt: at(4) },
    ];
    const { measurementSystem, withoutMeasurementVariation } = measurementSystemOf(subgroups, [study('G1', at(1), 'acceptable')], overall);
    expect(measurementSystem.gauges).toEqual([
      {
        gaugeId: 'G1',
        verdict: 'acceptable',
        subgroups: 2,
        subgroupsWithoutAcceptableStudy: 0,
        study: expect.objectContaining({ studyId: 'MSA-G1-2026-03-01' }),
      },
      { gaugeId: 'G2', verdict: 'none', subgroups: 1, subgroupsWithoutAcceptableStudy: 0 + 1 },
    ]);
    expect(measurementSystem.warning).toContain('1 of 3 subgroups');
    expect(measurementSystem.warning).toContain('G2 (no study)');
    // σ = √(0.5² − 0.09) = 0.4; Pp = 6 / (6·0.4) = 2.5; Ppk = 3 / (3·0.4) = 2.5
    expect(withoutMeasurementVariation).toEqual({
      sigma: expect.closeTo(0.4, 12),
      pp: expect.closeTo(2.5, 12),
      ppk: expect.closeTo(2.5, 12),
      varianceGrr: 0.09,
      basedOnSubgroups: 2,
    });
  });

  it('counts subgroups taken before the gauge had its study as not covered by it', () => {
    const subgroups = [
      { gaugeId: 'G1', inspectedAt: at(1) },
      { gaugeId: 'G1', inspectedAt: at(5) },
    ];
    const { measurementSystem, withoutMeasurementVariation } = measurementSystemOf(subgroups, [study('G1', at(3), 'acceptable')], overall);
    expect(measurementSystem.gauges[0]).toMatchObject({ verdict: 'acceptable', subgroupsWithoutAcceptableStudy: 1 });
    expect(measurementSystem.warning).toContain('1 of 2 subgroups');
    expect(withoutMeasurementVariation?.basedOnSubgroups).toBe(1);
  });

  it('answers null for the corrected figures when the gauge variance is not below the overall variance', () => {
    const { withoutMeasurementVariation } = measurementSystemOf([{ gaugeId: 'G1', inspectedAt: at(2) }], [study('G1', at(1), 'acceptable', 0.25)], overall);
    expect(withoutMeasurementVariation).toBeNull();
  });

  it('gives no corrected figures when no gauge has an acceptable study, and says the gauge was conditional', () => {
    const result = measurementSystemOf([{ gaugeId: 'G1', inspectedAt: at(2) }], [study('G1', at(1), 'conditional')], overall);
    expect('withoutMeasurementVariation' in result).toBe(false);
    expect(result.measurementSystem.gauges[0].verdict).toBe('conditional');
    expect(result.measurementSystem.warning).toContain('G1 (conditional)');
  });

  it('ignores a study of another gauge and lists subgroups recorded without a gauge', () => {
    const result = measurementSystemOf([{ gaugeId: null, inspectedAt: at(2) }], [study('G9', at(1), 'acceptable')], overall);
    expect(result.measurementSystem.gauges).toEqual([{ gaugeId: null, verdict: 'none', subgroups: 1, subgroupsWithoutAcceptableStudy: 1 }]);
  });

  it('judges each gauge by the study in force at its latest use, the first of equal instants (any order, ties, other offsets)', () => {
    // Instants with ties, the same moment written with another offset, and one before every study.
    const instants = [at(1), at(2), at(2), '2026-03-02T09:00:00.000+01:00', at(3), at(5), '2026-03-04T08:00:00.000Z'];
    const gaugeIds = ['G1', 'G2', null] as const;
    const verdicts = ['acceptable', 'conditional', 'unacceptable'] as const;
    const time = (iso: string) => Date.parse(iso);
    fc.assert(
      fc.property(
        fc.array(fc.record({ gaugeId: fc.constantFrom(...gaugeIds), inspectedAt: fc.constantFrom(...instants) }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.record({ gaugeId: fc.constantFrom('G1', 'G2'), day: fc.integer({ min: 1, max: 5 }), verdict: fc.constantFrom(...verdicts) }), {
          maxLength: 5,
        }),
        (subgroups, drawn) => {
          const studies = drawn.map((s, i) => ({ ...study(s.gaugeId, at(s.day), s.verdict), studyId: `MSA-${i}` }));
          const result = measurementSystemOf(subgroups, studies, overall);
          for (const gauge of result.measurementSystem.gauges) {
            const uses = subgroups.filter((s) => s.gaugeId === gauge.gaugeId);
            // The reference: the latest use as a reduce (the first of equal instants), then the latest study performed at or before it, the later listed on a tie.
            const last = uses.reduce((a, b) => (time(b.inspectedAt) > time(a.inspectedAt) ? b : a));
            const inForce = studies
              .filter((s) => s.gaugeId === gauge.gaugeId && time(s.performedAt) <= time(last.inspectedAt))
              .reduce<GaugeStudy | undefined>((found, s) => (!found || time(s.performedAt) >= time(found.performedAt) ? s : found), undefined);
            expect(gauge.verdict).toBe(inForce?.verdict ?? 'none');
            expect(gauge.study?.studyId).toBe(inForce?.studyId);
            expect(gauge.subgroups).toBe(uses.length);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
