import { actualIndex, potentialIndex } from '../spc';

export type GaugeVerdict = 'acceptable' | 'conditional' | 'unacceptable' | 'none';

/** A recorded gauge R&R study of one gauge on this part number × characteristic, as the capability answer needs it. */
export interface GaugeStudy {
  studyId: string;
  gaugeId: string;
  performedAt: string;
  verdict: 'acceptable' | 'conditional' | 'unacceptable';
  verdictBasis: string;
  pctGrr: number | null;
  ndc: number | null;
  /** σ²_GRR of the study (ANOVA). */
  varianceGrr: number | null;
}

/** Which gauge took a subgroup, and when. */
export interface GaugedSubgroup {
  gaugeId?: string | null;
  inspectedAt: string;
}

export interface GaugeUse {
  /** null for subgroups recorded without a gauge. */
  gaugeId: string | null;
  /** The gauge's study in force at its last use in the selection (the latest performed at or before it). */
  study?: Omit<GaugeStudy, 'gaugeId'>;
  verdict: GaugeVerdict;
  subgroups: number;
  /** Subgroups taken when this gauge had no acceptable study for this part × characteristic. */
  subgroupsWithoutAcceptableStudy: number;
}

export interface MeasurementSystem {
  gauges: GaugeUse[];
  warning?: string;
}

/**
 * Capability with the gauge's variation taken out: σ²_process = σ²_overall − σ²_GRR, where σ²_GRR is
 * the mean of the acceptable studies' σ²_GRR weighted by the subgroups each gauge took under its
 * acceptable study. Null when σ²_process is not positive (the gauge explains all the spread).
 */
export interface WithoutMeasurementVariation {
  sigma: number;
  pp: number | null;
  ppk: number | null;
  varianceGrr: number;
  /** Subgroups whose gauge had an acceptable study in force: the ones the correction rests on. */
  basedOnSubgroups: number;
}

const time = (iso: string): number => Date.parse(iso);

/** The study of `gaugeId` in force at `at`: the latest performed at or before it. */
function studyInForce(studies: readonly GaugeStudy[], gaugeId: string | null, at: string): GaugeStudy | undefined {
  let found: GaugeStudy | undefined;
  for (const study of studies) {
    if (study.gaugeId === gaugeId && time(study.performedAt) <= time(at) && (!found || time(study.performedAt) >= time(found.performedAt))) found = study;
  }
  return found;
}

/**
 * Pure: which gauges took the subgroups and whether each had an acceptable gauge R&R study for this
 * part × characteristic before it was used; and, when any did, the performance indices without the
 * measurement variation. `studies` are the studies of these gauges on this part × characteristic.
 */
export function measurementSystemOf(
  subgroups: readonly GaugedSubgroup[],
  studies: readonly GaugeStudy[],
  overall: { mean: number; sigmaOverall: number; lsl: number | null; usl: number | null },
): { measurementSystem: MeasurementSystem; withoutMeasurementVariation?: WithoutMeasurementVariation | null } {
  const byGauge = new Map<string | null, { uses: GaugedSubgroup[] }>();
  for (const subgroup of subgroups) {
    const gaugeId = subgroup.gaugeId ?? null;
    const entry = byGauge.get(gaugeId) ?? { uses: [] };
    entry.uses.push(subgroup);
    byGauge.set(gaugeId, entry);
  }
  let weightedVariance = 0;
  let covered = 0;
  const gauges: GaugeUse[] = [...byGauge.entries()].map(([gaugeId, { uses }]) => {
    let withoutAcceptable = 0;
    for (const use of uses) {
      const study = studyInForce(studies, gaugeId, use.inspectedAt);
      if (study?.verdict === 'acceptable' && study.varianceGrr !== null) {
        weightedVariance += study.varianceGrr;
        covered += 1;
      } else {
        withoutAcceptable += 1;
      }
    }
    // The latest use (the first of equal instants): each instant parsed once, not twice per comparison.
    let last = uses[0];
    let lastAt = time(last.inspectedAt);
    for (const use of uses) {
      const at = time(use.inspectedAt);
      if (at > lastAt) {
        last = use;
        lastAt = at;
      }
    }
    const inForce = studyInForce(studies, gaugeId, last.inspectedAt);
    const gauge: GaugeUse = { gaugeId, verdict: inForce?.verdict ?? 'none', subgroups: uses.length, subgroupsWithoutAcceptableStudy: withoutAcceptable };
    if (inForce) {
      const { gaugeId: _gauge, ...study } = inForce;
      gauge.study = study;
    }
    return gauge;
  });
  const measurementSystem: MeasurementSystem = { gauges };
  const unqualified = gauges.filter((g) => g.subgroupsWithoutAcceptableStudy > 0);
  if (unqualified.length > 0) {
    const count = unqualified.reduce((n, g) => n + g.subgroupsWithoutAcceptableStudy, 0);
    const names = unqualified.map((g) => `${g.gaugeId ?? '(no gauge recorded)'} (${g.verdict === 'none' ? 'no study' : g.verdict})`).join(', ');
    measurementSystem.warning =
      `${count} of ${subgroups.length} subgroups were measured with a gauge that had no acceptable gauge R&R study for this part × characteristic ` +
      `at the time: ${names}. The capability figures rest on an unqualified measurement system.`;
  }
  if (covered === 0) return { measurementSystem };
  const varianceGrr = weightedVariance / covered;
  const varianceProcess = overall.sigmaOverall ** 2 - varianceGrr;
  if (!(varianceProcess > 0)) return { measurementSystem, withoutMeasurementVariation: null };
  const sigma = Math.sqrt(varianceProcess);
  return {
    measurementSystem,
    withoutMeasurementVariation: {
      sigma,
      pp: potentialIndex(overall.lsl, overall.usl, sigma),
      ppk: actualIndex(overall.mean, overall.lsl, overall.usl, sigma),
      varianceGrr,
      basedOnSubgroups: covered,
    },
  };
}
