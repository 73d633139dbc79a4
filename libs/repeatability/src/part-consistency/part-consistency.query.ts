import type { Pool } from 'pg';
import { READ_MODEL_SCHEMA } from '@lotstream/messaging';
import type { DocumentRecord, PersonRecord } from '@lotstream/domain';
import type { FirstArticleDue } from '@lotstream/quality';
import { type ConsistencyAnswer, type ConsistencyFacts, evaluateConsistency } from './part-consistency.evaluate';

const toIso = (t: Date | string): string => (t instanceof Date ? t.toISOString() : new Date(t).toISOString());

/**
 * Consistency of one part's production lots, read from the `consistency_*` tables (a handful of
 * queries whatever the number of lots) and evaluated in memory. A plain class (no Nest) so
 * benchmarks and tests use it directly; `schema` selects the read-model schema (`rm` live).
 */
/**
 * Where the people and documents of the steps come from (the traceability read model in the app):
 * given, steps are judged for operator qualification and revision in force; absent, they are not.
 */
export interface WorkConditionsSource {
  people(db: Pool, schema: string, personIds: readonly string[]): Promise<ReadonlyMap<string, PersonRecord>>;
  documents(db: Pool, schema: string, revisionIds: readonly string[]): Promise<ReadonlyMap<string, DocumentRecord>>;
}

/**
 * Whether a new first article is due for the part at these sites (libs/quality's answer of
 * GET /v1/parts/{p}/first-article-status); null when the sites hold no production lot of it.
 */
export type FirstArticleStatusSource = (partNumber: string, sites: readonly string[]) => Promise<FirstArticleDue | null>;

/** The consistency answer with the part's first-article due state beside it (when a source is given). */
export type PartConsistencyAnswer = ConsistencyAnswer & { firstArticle?: FirstArticleDue | null };

export class PartConsistencyQuery {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string = READ_MODEL_SCHEMA,
    private readonly workConditions?: WorkConditionsSource,
    private readonly firstArticleStatus?: FirstArticleStatusSource,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,40}$/.test(schema)) throw new Error(`invalid read-model schema name ${schema}`);
  }

  async facts(partNumber: string, sites?: readonly string[]): Promise<ConsistencyFacts> {
    const s = this.schema;
    const lotsOfPart = `SELECT lot_number FROM ${s}.consistency_lots WHERE part_number = $1 AND kind = 'production'`;
    const [lots, steps, inspections, ncs, calibrations, promotions] = await Promise.all([
      this.pool.query(
        `SELECT lot_number, part_revision, site_id, routing_revision, registered_at, position::text AS position
           FROM ${s}.consistency_lots WHERE part_number = $1 AND kind = 'production'`,
        [partNumber],
      ),
      this.pool.query(`SELECT * FROM ${s}.consistency_steps WHERE lot_number IN (${lotsOfPart})`, [partNumber]),
      this.pool.query(`SELECT * FROM ${s}.consistency_inspections WHERE lot_number IN (${lotsOfPart})`, [partNumber]),
      this.pool.query(
        `SELECT n.lot_number, n.nc_id, d.disposition
           FROM ${s}.consistency_nonconformances n
           LEFT JOIN ${s}.consistency_dispositions d ON d.lot_number = n.lot_number AND d.nc_id = n.nc_id
          WHERE n.lot_number IN (${lotsOfPart})`,
        [partNumber],
      ),
      this.pool.query(
        `SELECT c.equipment_id, c.calibration_id, c.performed_at, c.as_found, c.as_left, c.next_due_at, c.position::text AS position
           FROM ${s}.consistency_calibrations c
          WHERE c.equipment_id IN (
            SELECT unnest(equipment_ids) FROM ${s}.consistency_steps WHERE lot_number IN (${lotsOfPart})
            UNION SELECT gauge_id FROM ${s}.consistency_inspections WHERE lot_number IN (${lotsOfPart}))`,
        [partNumber],
      ),
      this.pool.query(
        `SELECT build_id, part_revision, routing_revision, sop_revisions, position::text AS position
           FROM ${s}.consistency_promotions WHERE part_number = $1`,
        [partNumber],
      ),
    ]);
    const visibleSites = sites && !sites.includes('*') ? new Set(sites) : null;
    const source = this.workConditions;
    const [people, documents] = source
      ? await Promise.all([
          source.people(
            this.pool,
            s,
            steps.rows.flatMap((r) => (r.operator_id ? [r.operator_id] : [])),
          ),
          source.documents(
            this.pool,
            s,
            steps.rows.flatMap((r) => (r.sop_revision ? [r.sop_revision] : [])),
          ),
        ])
      : [undefined, undefined];
    return {
      partNumber,
      lots: lots.rows.map((r) => ({
        lotNumber: r.lot_number,
        partRevision: r.part_revision,
        siteId: r.site_id,
        routingRevision: r.routing_revision,
        registeredAt: toIso(r.registered_at),
        position: r.position,
      })),
      steps: steps.rows.map((r) => ({
        lotNumber: r.lot_number,
        stepId: r.step_id,
        operation: r.operation,
        sequence: r.sequence,
        sopRevision: r.sop_revision,
        equipmentIds: r.equipment_ids,
        startedAt: toIso(r.started_at),
        completedAt: toIso(r.completed_at),
        quantityIn: r.quantity_in,
        quantityGood: r.quantity_good,
        quantityScrapped: r.quantity_scrapped,
        streamVersion: r.stream_version,
        operatorId: r.operator_id ?? null,
        workCenter: r.work_center ?? null,
      })),
      inspections: inspections.rows.map((r) => ({
        lotNumber: r.lot_number,
        inspectionId: r.inspection_id,
        stage: r.stage,
        characteristicId: r.characteristic_id,
        verdict: r.verdict,
        gaugeId: r.gauge_id,
        inspectedAt: toIso(r.inspected_at),
      })),
      nonconformances: ncs.rows.map((r) => ({ lotNumber: r.lot_number, ncId: r.nc_id, disposition: r.disposition })),
      calibrations: calibrations.rows.map((r) => ({
        equipmentId: r.equipment_id,
        calibrationId: r.calibration_id,
        performedAt: toIso(r.performed_at),
        asFound: r.as_found,
        asLeft: r.as_left,
        nextDueAt: toIso(r.next_due_at),
        position: r.position,
      })),
      promotions: promotions.rows.map((r) => ({
        buildId: r.build_id,
        partRevision: r.part_revision,
        routingRevision: r.routing_revision,
        sopRevisions: r.sop_revisions,
        position: r.position,
      })),
      visibleLot: visibleSites ? (lot) => visibleSites.has(lot.siteId) : undefined,
      people,
      documents,
    };
  }

  /** The part's consistency, or null when it has neither a promotion nor a production lot. */
  async consistency(partNumber: string, sites?: readonly string[]): Promise<PartConsistencyAnswer | null> {
    const [answer, firstArticle] = await Promise.all([
      this.facts(partNumber, sites).then(evaluateConsistency),
      this.firstArticleStatus?.(partNumber, sites ?? ['*']),
    ]);
    if (!answer || firstArticle === undefined) return answer;
    return { ...answer, firstArticle };
  }
}
