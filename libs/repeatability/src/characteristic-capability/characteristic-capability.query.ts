import type { Pool } from 'pg';
import { READ_MODEL_SCHEMA } from '@lotstream/messaging';
import { GaugeStudy, MeasurementSystem, measurementSystemOf, WithoutMeasurementVariation } from './measurement-system';
import { analyse, isSpcError, type ChartLimits, type RuleViolation, type SpcError } from '../spc';
import { type LotMaterialSources, partitionBySupplier, type SupplierGroupSource } from './supplier-groups';

/** Which subgroups a capability question is about. `from` ≤ inspectedAt < `to`. */
export interface CapabilityCriteria {
  partNumber: string;
  characteristicId: string;
  stage?: string;
  from?: string;
  to?: string;
  /** Sites whose lots may be seen; undefined or ['*'] = all. */
  sites?: readonly string[];
}

/** One stored subgroup, as the capability query reads it. */
export interface CapabilitySubgroup {
  lotNumber: string;
  inspectionId: string;
  inspectedAt: string;
  stage: string;
  n: number;
  mean: number;
  range: number;
  stdDev: number;
  lsl: number | null;
  usl: number | null;
  nominal: number | null;
  unit: string | null;
  /** The gauge that took the subgroup (null for inspections recorded without one). */
  gaugeId?: string | null;
}

/** The gauge R&R studies of some gauges on one part number × characteristic (the traceability read model in the app). */
export type GaugeStudiesSource = (partNumber: string, characteristicId: string, gaugeIds: readonly string[]) => Promise<GaugeStudy[]>;

export interface CapabilityPoint {
  lotNumber: string;
  inspectionId: string;
  inspectedAt: string;
  n: number;
  mean: number;
  range: number | null;
  limits: { xbar: ChartLimits; range: ChartLimits };
}

/**
 * Which specification limits the indices use. Decision: the limits of the most recent inspection
 * in the selection (by inspectedAt, then inspectionId) — capability is judged against the current
 * requirement. `varied` says whether older inspections of the selection carried other limits.
 */
export interface SpecLimitsSource {
  source: 'most-recent-inspection';
  lotNumber: string;
  inspectionId: string;
  inspectedAt: string;
  unit: string | null;
  varied: boolean;
}

/** docs/api.md's capability answer, plus chart, cpm, target and where the limits came from. */
export interface CapabilityAnswer {
  partNumber: string;
  characteristicId: string;
  stage: string | null;
  from: string | null;
  to: string | null;
  n: number;
  subgroups: number;
  subgroupSize: number | null;
  chart: string;
  sigmaWithinMethod: string;
  mean: number;
  sigmaWithin: number;
  sigmaOverall: number;
  lsl: number | null;
  usl: number | null;
  target: number | null;
  cp: number | null;
  cpk: number | null;
  pp: number | null;
  ppk: number | null;
  cpm: number | null;
  specLimits: SpecLimitsSource;
  xbar: ChartLimits;
  range: ChartLimits;
  points: CapabilityPoint[];
  violations: RuleViolation[];
  /** Which gauges took the subgroups and whether each had an acceptable gauge R&R study for this part × characteristic before it was used. */
  measurementSystem: MeasurementSystem;
  /** Present when an acceptable study exists: Pp/Ppk with σ²_process = σ²_overall − σ²_GRR; null when that is not positive. */
  withoutMeasurementVariation?: WithoutMeasurementVariation | null;
}

export type CapabilityOutcome = { kind: 'ok'; answer: CapabilityAnswer } | { kind: 'no-data' } | { kind: 'spc-error'; error: SpcError };

/** Where the material of production lots came from, seen with a site scope (the traceability read model in the app). */
export type MaterialSourcesSource = (lotNumbers: readonly string[], sites: readonly string[] | undefined) => Promise<ReadonlyMap<string, LotMaterialSources>>;

/** One supplier group of GET …/capability?groupBy=supplier. */
export interface SupplierCapabilityGroup {
  source: SupplierGroupSource;
  supplierId: string | null;
  /** `unverified`: the free-text supplier names of the material; empty otherwise. */
  unverifiedSuppliers: string[];
  /** Production lots whose subgroups are in this group. */
  lots: string[];
  /** Lots of `lots` whose material also came from another group's origin: they count in each. */
  mixedLots: string[];
  mixed: boolean;
  /** The ungrouped answer computed on this group's subgroups only; null when they cannot be charted (see spcError). */
  capability: CapabilityAnswer | null;
  spcError: SpcError | null;
}

export interface SupplierCapabilityAnswer {
  partNumber: string;
  characteristicId: string;
  stage: string | null;
  from: string | null;
  to: string | null;
  groupBy: 'supplier';
  /** Production lots and subgroups of the selection (as the ungrouped answer counts them). */
  lots: number;
  subgroups: number;
  /** Lots counted in more than one group. */
  mixedLots: string[];
  groups: SupplierCapabilityGroup[];
}

export type SupplierCapabilityOutcome = { kind: 'ok'; answer: SupplierCapabilityAnswer } | { kind: 'no-data' };

const sameLimits = (a: CapabilitySubgroup, b: CapabilitySubgroup): boolean => a.lsl === b.lsl && a.usl === b.usl && a.nominal === b.nominal;

/** What an answer repeats of the question. */
const selectionOf = (criteria: CapabilityCriteria) => ({
  partNumber: criteria.partNumber,
  characteristicId: criteria.characteristicId,
  stage: criteria.stage ?? null,
  from: criteria.from ?? null,
  to: criteria.to ?? null,
});

/** Pure: subgroups in time order → the capability answer (no I/O; usable on any rows). */
export function capabilityFromSubgroups(
  criteria: CapabilityCriteria,
  rows: readonly CapabilitySubgroup[],
  studies: readonly GaugeStudy[] = [],
): CapabilityOutcome {
  if (rows.length === 0) return { kind: 'no-data' };
  const latest = rows[rows.length - 1];
  const analysis = analyse({
    subgroups: rows.map((r) => ({
      n: r.n,
      mean: r.mean,
      range: r.range,
      stdDev: r.stdDev,
      label: { lotNumber: r.lotNumber, inspectionId: r.inspectionId },
    })),
    lsl: latest.lsl,
    usl: latest.usl,
    target: latest.nominal,
  });
  if (isSpcError(analysis)) return { kind: 'spc-error', error: analysis };
  const gauges = measurementSystemOf(rows, studies, { mean: analysis.mean, sigmaOverall: analysis.sigmaOverall, lsl: analysis.lsl, usl: analysis.usl });
  return {
    kind: 'ok',
    answer: {
      ...selectionOf(criteria),
      n: analysis.n,
      subgroups: analysis.subgroups,
      subgroupSize: analysis.subgroupSize,
      chart: analysis.chart,
      sigmaWithinMethod: analysis.sigmaWithinMethod,
      mean: analysis.mean,
      sigmaWithin: analysis.sigmaWithin,
      sigmaOverall: analysis.sigmaOverall,
      lsl: analysis.lsl,
      usl: analysis.usl,
      target: analysis.target,
      cp: analysis.cp,
      cpk: analysis.cpk,
      pp: analysis.pp,
      ppk: analysis.ppk,
      cpm: analysis.cpm,
      specLimits: {
        source: 'most-recent-inspection',
        lotNumber: latest.lotNumber,
        inspectionId: latest.inspectionId,
        inspectedAt: latest.inspectedAt,
        unit: latest.unit,
        varied: rows.some((r) => !sameLimits(r, latest)),
      },
      xbar: analysis.xbar,
      range: analysis.range,
      points: analysis.points.map((p, i) => ({
        lotNumber: p.lotNumber,
        inspectionId: p.inspectionId,
        inspectedAt: rows[i].inspectedAt,
        n: p.n,
        mean: p.mean,
        range: p.range,
        limits: p.limits,
      })),
      violations: [...analysis.violations],
      ...gauges,
    },
  };
}

/** A row of CharacteristicCapabilityQuery.subgroups' SELECT, in its column order (read with rowMode 'array'). */
type SubgroupRow = [
  lotNumber: string,
  inspectionId: string,
  inspectedAt: Date,
  stage: string,
  n: number,
  mean: number,
  range: number,
  stdDev: number,
  lsl: number | null,
  usl: number | null,
  nominal: number | null,
  unit: string | null,
  gaugeId: string | null,
];

const toIso = (t: Date | string): string => (t instanceof Date ? t.toISOString() : new Date(t).toISOString());

/**
 * Capability of one part × characteristic (× stage) over production lots, read from the
 * `spc_subgroups` / `spc_lots` tables only. A plain class (no Nest) so benchmarks and tests use it
 * directly; `schema` selects the read-model schema (`rm` live).
 */
export class CharacteristicCapabilityQuery {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string = READ_MODEL_SCHEMA,
    private readonly gaugeStudies?: GaugeStudiesSource,
    private readonly materialSources?: MaterialSourcesSource,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,40}$/.test(schema)) throw new Error(`invalid read-model schema name ${schema}`);
  }

  /** Production-lot subgroups of the selection, ordered by inspectedAt, then inspectionId. */
  async subgroups(criteria: CapabilityCriteria): Promise<CapabilitySubgroup[]> {
    const sites = criteria.sites && !criteria.sites.includes('*') ? [...criteria.sites] : null;
    // Rows as arrays (in the SELECT's order): node-postgres then builds no keyed object per row — ~2,500 rows an answer.
    const { rows } = await this.pool.query<SubgroupRow>({
      rowMode: 'array',
      text: `SELECT s.lot_number, s.inspection_id, s.inspected_at, s.stage, s.n, s.mean, s.range, s.std_dev,
              s.lsl, s.usl, s.nominal, s.unit, s.gauge_id
         FROM ${this.schema}.spc_subgroups s
         JOIN ${this.schema}.spc_lots l ON l.lot_number = s.lot_number
        WHERE s.part_number = $1 AND s.characteristic_id = $2 AND l.kind = 'production'
          -- the lot's part is the inspection's (copied at recording): lets the planner look up only this part's lots
          AND l.part_number = $1
          AND ($3::text IS NULL OR s.stage = $3)
          AND ($4::timestamptz IS NULL OR s.inspected_at >= $4)
          AND ($5::timestamptz IS NULL OR s.inspected_at < $5)
          AND ($6::text[] IS NULL OR l.site_id = ANY($6))
        ORDER BY s.inspected_at, s.inspection_id, s.lot_number`,
      values: [criteria.partNumber, criteria.characteristicId, criteria.stage ?? null, criteria.from ?? null, criteria.to ?? null, sites],
    });
    return rows.map(([lotNumber, inspectionId, inspectedAt, stage, n, mean, range, stdDev, lsl, usl, nominal, unit, gaugeId]) => ({
      lotNumber,
      inspectionId,
      inspectedAt: toIso(inspectedAt),
      stage,
      n,
      mean,
      range,
      stdDev,
      lsl,
      usl,
      nominal,
      unit,
      gaugeId: gaugeId ?? null,
    }));
  }

  private async studiesOf(criteria: CapabilityCriteria, rows: readonly CapabilitySubgroup[]): Promise<GaugeStudy[]> {
    const gaugeIds = [...new Set(rows.map((r) => r.gaugeId).filter((id): id is string => typeof id === 'string'))];
    return this.gaugeStudies && gaugeIds.length > 0 ? await this.gaugeStudies(criteria.partNumber, criteria.characteristicId, gaugeIds) : [];
  }

  async capability(criteria: CapabilityCriteria): Promise<CapabilityOutcome> {
    const rows = await this.subgroups(criteria);
    return capabilityFromSubgroups(criteria, rows, await this.studiesOf(criteria, rows));
  }

  /**
   * The same selection split by the supplier(s) of the material each production lot consumed
   * (backward genealogy); each group's capability is capabilityFromSubgroups on its subgroups.
   */
  async capabilityBySupplier(criteria: CapabilityCriteria): Promise<SupplierCapabilityOutcome> {
    if (!this.materialSources) throw new Error('capability by supplier needs a material sources reader');
    const rows = await this.subgroups(criteria);
    if (rows.length === 0) return { kind: 'no-data' };
    const lots = [...new Set(rows.map((r) => r.lotNumber))];
    const [sources, studies] = await Promise.all([this.materialSources(lots, criteria.sites), this.studiesOf(criteria, rows)]);
    const groups = partitionBySupplier(rows, sources).map(({ rows: groupRows, ...group }): SupplierCapabilityGroup => {
      const outcome = capabilityFromSubgroups(criteria, groupRows, studies);
      return {
        ...group,
        mixed: group.mixedLots.length > 0,
        capability: outcome.kind === 'ok' ? outcome.answer : null,
        spcError: outcome.kind === 'spc-error' ? outcome.error : null,
      };
    });
    const mixed = new Set(groups.flatMap((g) => g.mixedLots));
    return {
      kind: 'ok',
      answer: {
        ...selectionOf(criteria),
        groupBy: 'supplier',
        lots: lots.length,
        subgroups: rows.length,
        mixedLots: lots.filter((lot) => mixed.has(lot)),
        groups,
      },
    };
  }
}
