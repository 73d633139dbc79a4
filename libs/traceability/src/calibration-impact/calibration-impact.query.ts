import { CalibrationView, calibrationView, loadCalibrationTimelines } from '../equipment-calibration/calibration-timeline';
import { latestOutOfToleranceAsFound, suspectWindow } from '../equipment-calibration/calibration-status';
import { customersOf, GenealogyEdge, GenealogyNode, reach, scoped } from '../lot-genealogy/lot-genealogy.query';
import type { ShipmentView } from '../lot-summary/lot-summary.query';
import { iso, Queryable, SiteScope, sees } from '../query-context';

export interface SuspectInspection {
  lotNumber: string;
  inspectionId: string;
  stage: string | null;
  characteristicId: string | null;
  partNumber: string | null;
  inspectedAt: string;
  verdict: string | null;
}

export interface SuspectStep {
  lotNumber: string;
  stepId: string;
  operation: string | null;
  startedAt: string;
  completedAt: string;
}

export interface CalibrationImpact {
  equipmentId: string;
  /** The calibration that found the equipment out of tolerance (null: none ever did). */
  calibration: CalibrationView | null;
  /** The previous calibration that left it in tolerance: uses from then on are in doubt (null: since the start). */
  since: CalibrationView | null;
  inspections: SuspectInspection[];
  /** Production steps made on it in the same window (machines, fixtures). */
  steps: SuspectStep[];
  /** Lots measured or worked with it in the window. */
  lots: string[];
  /** Every lot reached forward from those lots (themselves at depth 0): what a recall would cover. */
  reachedLots: GenealogyNode[];
  /** The genealogy edges between the reached lots (input → output), for drawing the recall scope. */
  reachedEdges: GenealogyEdge[];
  shipments: ShipmentView[];
  customers: string[];
  hiddenLots: number;
}

export type ImpactOutcome = { found: true; impact: CalibrationImpact } | { found: false; reason: 'equipment-not-found' | 'calibration-not-found' };

/**
 * What an out-of-tolerance-as-found calibration puts in doubt: the inspections (and steps) made with
 * the equipment since its previous in-tolerance calibration up to that one, their lots, everything
 * made from those lots, and where it was shipped. Computed from the timeline at query time.
 */
export async function calibrationImpact(
  db: Queryable,
  schema: string,
  equipmentId: string,
  options: { calibrationId?: string },
  scope: SiteScope,
): Promise<ImpactOutcome> {
  const equipment = (await db.query(`SELECT site_id FROM ${schema}.trace_equipment WHERE equipment_id = $1`, [equipmentId])).rows[0];
  if (!equipment || !sees(scope, equipment.site_id)) return { found: false, reason: 'equipment-not-found' };
  const timeline = (await loadCalibrationTimelines(db, schema, [equipmentId])).get(equipmentId) ?? [];
  const suspect = options.calibrationId !== undefined ? timeline.find((c) => c.calibrationId === options.calibrationId) : latestOutOfToleranceAsFound(timeline);
  if (options.calibrationId !== undefined && !suspect) return { found: false, reason: 'calibration-not-found' };
  const empty: CalibrationImpact = {
    equipmentId,
    calibration: suspect ? calibrationView(suspect) : null,
    since: null,
    inspections: [],
    steps: [],
    lots: [],
    reachedLots: [],
    reachedEdges: [],
    shipments: [],
    customers: [],
    hiddenLots: 0,
  };
  // Found in tolerance: nothing measured with it before is in doubt.
  if (!suspect || suspect.asFound !== 'out-of-tolerance') return { found: true, impact: empty };

  const { since, until } = suspectWindow(timeline, suspect);
  const from = since?.performedAt.toISOString() ?? null;
  const to = until.performedAt.toISOString();
  const [inspectionRows, stepRows] = await Promise.all([
    db.query(
      `SELECT * FROM ${schema}.trace_gauge_inspections
       WHERE gauge_id = $1 AND ($2::timestamptz IS NULL OR inspected_at >= $2) AND inspected_at < $3
       ORDER BY inspected_at, lot_number, stream_version`,
      [equipmentId, from, to],
    ),
    db.query(
      `SELECT * FROM ${schema}.trace_step_equipment
       WHERE equipment_id = $1 AND ($2::timestamptz IS NULL OR completed_at >= $2) AND started_at < $3
       ORDER BY started_at, lot_number, stream_version`,
      [equipmentId, from, to],
    ),
  ]);
  const inspections: SuspectInspection[] = inspectionRows.rows.map((row) => ({
    lotNumber: row.lot_number,
    inspectionId: row.inspection_id,
    stage: row.stage,
    characteristicId: row.characteristic_id,
    partNumber: row.part_number,
    inspectedAt: iso(row.inspected_at)!,
    verdict: row.verdict,
  }));
  const steps: SuspectStep[] = stepRows.rows.map((row) => ({
    lotNumber: row.lot_number,
    stepId: row.step_id,
    operation: row.operation,
    startedAt: iso(row.started_at)!,
    completedAt: iso(row.completed_at)!,
  }));
  const lots = [...new Set([...inspections, ...steps].map((use) => use.lotNumber))].sort();
  const visible = scoped(await reach(db, schema, lots, 'forward'), scope);
  const visibleLots = new Set(visible.nodes.map((n) => n.lotNumber));
  const shipments = visible.shipments;
  return {
    found: true,
    impact: {
      ...empty,
      since: since ? calibrationView(since) : null,
      inspections: inspections.filter((i) => visibleLots.has(i.lotNumber)),
      steps: steps.filter((s) => visibleLots.has(s.lotNumber)),
      lots: lots.filter((lot) => visibleLots.has(lot)),
      reachedLots: visible.nodes,
      reachedEdges: visible.edges,
      shipments,
      customers: customersOf(shipments),
      hiddenLots: visible.hidden,
    },
  };
}
