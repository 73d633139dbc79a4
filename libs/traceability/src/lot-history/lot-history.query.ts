import { EquipmentUseView, equipmentUse, loadCalibrationTimelines } from '../equipment-calibration/calibration-timeline';
import { iso, Queryable, SiteScope, sees } from '../query-context';
import { loadDocumentsOfRevisions, loadPeople, StepConditions, stepConditions, workOf } from '../work-conditions/work-conditions';

export interface HistoryEntry {
  streamVersion: number;
  eventId: string;
  position: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { keyId: string; role: string; label?: string } | null;
  correlationId?: string;
  data: Record<string, unknown>;
  /**
   * Steps: each machine or tool used; inspections: the gauge. `inCalibration` is computed now from
   * the calibration timeline, for the moment of use (a step from its start to its completion).
   */
  equipment?: EquipmentUseView[];
  /**
   * Steps: whether the operator was qualified for the operation (and trained on the revision used)
   * and whether that revision was in force, over the step, computed now from the person's and the
   * document's timelines ('unknown': person or revision not registered).
   */
  operator?: StepConditions['operator'];
  sop?: StepConditions['sop'];
}

export interface LotHistory {
  lotNumber: string;
  partNumber: string;
  siteId: string;
  streamVersion: number;
  events: HistoryEntry[];
}

/**
 * The device history record of a lot: every event of its stream in stream order (prototype events
 * live in other streams and never appear). Undefined when unknown or of a site out of scope.
 */
export async function lotHistory(db: Queryable, schema: string, lotNumber: string, scope: SiteScope): Promise<LotHistory | undefined> {
  const lot = (await db.query(`SELECT part_number, site_id FROM ${schema}.trace_lots WHERE lot_number = $1`, [lotNumber])).rows[0];
  if (!lot || !sees(scope, lot.site_id)) return undefined;
  const { rows } = await db.query(
    `SELECT stream_version, event_id, position::text AS position, type, data, metadata, occurred_at, recorded_at
     FROM ${schema}.trace_lot_events WHERE lot_number = $1 ORDER BY stream_version`,
    [lotNumber],
  );
  const used = rows.flatMap((row) => equipmentIdsOf(row.type, row.data));
  const works = rows.map((row) => (row.type === 'ProductionStepCompleted' ? workOf(row.data) : undefined));
  const [timelines, people, documents] = await Promise.all([
    loadCalibrationTimelines(db, schema, used),
    loadPeople(
      db,
      schema,
      works.flatMap((w) => (w ? [w.operatorId] : [])),
    ),
    loadDocumentsOfRevisions(
      db,
      schema,
      works.flatMap((w) => (w ? [w.revisionId] : [])),
    ),
  ]);
  const events = rows.map((row, index): HistoryEntry => {
    const metadata = row.metadata ?? {};
    const entry: HistoryEntry = {
      streamVersion: row.stream_version,
      eventId: row.event_id,
      position: row.position,
      type: row.type,
      occurredAt: iso(row.occurred_at)!,
      recordedAt: iso(row.recorded_at)!,
      actor: metadata.actor ?? null,
      ...(metadata.correlationId ? { correlationId: metadata.correlationId } : {}),
      data: row.data,
    };
    if (row.type === 'ProductionStepCompleted') {
      entry.equipment = equipmentIdsOf(row.type, row.data).map((id) => equipmentUse(timelines, id, row.data.startedAt, row.data.completedAt));
      const work = works[index];
      if (work) Object.assign(entry, stepConditions(people, documents, work));
    } else if (row.type === 'InspectionRecorded') {
      entry.equipment = equipmentIdsOf(row.type, row.data).map((id) => equipmentUse(timelines, id, row.data.inspectedAt));
    }
    return entry;
  });
  return {
    lotNumber,
    partNumber: lot.part_number,
    siteId: lot.site_id,
    streamVersion: rows.length ? rows[rows.length - 1].stream_version : 0,
    events,
  };
}

/** The equipment a step or an inspection names (steps: equipmentIds, inspections: gaugeId). */
export function equipmentIdsOf(type: string, data: Record<string, any>): string[] {
  if (type === 'ProductionStepCompleted' || type === 'PrototypeStepRecorded') {
    return Array.isArray(data.equipmentIds) ? [...new Set<string>(data.equipmentIds.filter((id: unknown) => typeof id === 'string'))] : [];
  }
  if (type === 'InspectionRecorded' || type === 'PrototypeInspectionRecorded') {
    return typeof data.gaugeId === 'string' ? [data.gaugeId] : [];
  }
  return [];
}
