import type { Queryable } from '../query-context';
import { byPerformedAt, CalibrationFact, inCalibrationDuring, InCalibration } from './calibration-status';

/** Calibration timelines of some equipment, each sorted by performed-at (then stream version). */
export async function loadCalibrationTimelines(db: Queryable, schema: string, equipmentIds: readonly string[]): Promise<Map<string, CalibrationFact[]>> {
  const timelines = new Map<string, CalibrationFact[]>();
  if (equipmentIds.length === 0) return timelines;
  const { rows } = await db.query(
    `SELECT equipment_id, stream_version, calibration_id, performed_at, as_found, as_left, next_due_at, certificate_ref, performed_by
     FROM ${schema}.trace_calibrations WHERE equipment_id = ANY($1::text[])
     ORDER BY equipment_id, performed_at, stream_version`,
    [[...new Set(equipmentIds)]],
  );
  for (const row of rows) {
    const timeline = timelines.get(row.equipment_id) ?? [];
    timeline.push(calibrationOf(row));
    timelines.set(row.equipment_id, timeline);
  }
  for (const timeline of timelines.values()) timeline.sort(byPerformedAt);
  return timelines;
}

export function calibrationOf(row: Record<string, any>): CalibrationFact {
  return {
    calibrationId: row.calibration_id,
    performedAt: new Date(row.performed_at),
    asFound: row.as_found,
    asLeft: row.as_left,
    nextDueAt: new Date(row.next_due_at),
    certificateRef: row.certificate_ref ?? '',
    performedBy: row.performed_by ?? '',
    streamVersion: row.stream_version,
  };
}

/** A calibration as answered over HTTP. */
export interface CalibrationView {
  calibrationId: string;
  performedAt: string;
  asFound: string;
  asLeft: string;
  nextDueAt: string;
  certificateRef: string;
  performedBy: string;
}

export function calibrationView(calibration: CalibrationFact): CalibrationView {
  return {
    calibrationId: calibration.calibrationId,
    performedAt: calibration.performedAt.toISOString(),
    asFound: calibration.asFound,
    asLeft: calibration.asLeft,
    nextDueAt: calibration.nextDueAt.toISOString(),
    certificateRef: calibration.certificateRef,
    performedBy: calibration.performedBy,
  };
}

/** One piece of equipment used by a step or an inspection, and whether it was in calibration then. */
export interface EquipmentUseView {
  equipmentId: string;
  inCalibration: InCalibration;
  /** The calibration in force when the use began, if any is known. */
  calibration: CalibrationView | null;
}

export function equipmentUse(
  timelines: Map<string, CalibrationFact[]>,
  equipmentId: string,
  from: string | undefined,
  to: string | undefined = from,
): EquipmentUseView {
  if (!from) return { equipmentId, inCalibration: 'unknown', calibration: null };
  const { inCalibration, calibration } = inCalibrationDuring(timelines.get(equipmentId) ?? [], new Date(from), new Date(to ?? from));
  return { equipmentId, inCalibration, calibration: calibration ? calibrationView(calibration) : null };
}
