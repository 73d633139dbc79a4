import { latestStudiesOfGauge, StudySummary } from '../measurement-systems/msa-studies.query';
import { iso, Queryable, SiteScope, sees } from '../query-context';
import { CalibrationView, calibrationView, loadCalibrationTimelines } from './calibration-timeline';
import { calibrationInForce, EquipmentStatus, statusAt } from './calibration-status';

export interface EquipmentStatusView {
  equipmentId: string;
  kind: string;
  description: string | null;
  siteId: string;
  calibrationIntervalDays: number | null;
  registeredAt: string;
  /** Now: in-calibration, overdue, out-of-tolerance (as left), or unknown (never calibrated). */
  status: EquipmentStatus;
  /** The calibration in force now (the last one performed at or before now). */
  lastCalibration: CalibrationView | null;
  nextDueAt: string | null;
  calibrations: CalibrationView[];
  /** The latest gauge R&R study per part number × characteristic, with its verdict and date. */
  measurementSystem: StudySummary[];
}

/** Equipment and its calibration status at `now`. Undefined when unknown or of a site out of scope. */
export async function equipmentStatus(
  db: Queryable,
  schema: string,
  equipmentId: string,
  now: Date,
  scope: SiteScope,
): Promise<EquipmentStatusView | undefined> {
  const equipment = (await db.query(`SELECT * FROM ${schema}.trace_equipment WHERE equipment_id = $1`, [equipmentId])).rows[0];
  if (!equipment || !sees(scope, equipment.site_id)) return undefined;
  const timeline = (await loadCalibrationTimelines(db, schema, [equipmentId])).get(equipmentId) ?? [];
  const last = calibrationInForce(timeline, now);
  return {
    equipmentId,
    kind: equipment.kind,
    description: equipment.description,
    siteId: equipment.site_id,
    calibrationIntervalDays: equipment.calibration_interval_days,
    registeredAt: iso(equipment.registered_at)!,
    status: statusAt(timeline, now),
    lastCalibration: last ? calibrationView(last) : null,
    nextDueAt: last ? last.nextDueAt.toISOString() : null,
    calibrations: timeline.map(calibrationView),
    measurementSystem: await latestStudiesOfGauge(db, schema, equipmentId),
  };
}
