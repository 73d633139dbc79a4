/**
 * Calibration status, derived at query time from the calibration timeline (never baked into a read
 * model at projection time: a calibration may be projected after the inspection that used the gauge).
 * Glossary: the calibration *in force* at a moment is the last one performed at or before it; *as
 * left* is the state the equipment was left in, *next due* the end of its validity.
 */
export type ToleranceState = 'in-tolerance' | 'out-of-tolerance';

export interface CalibrationFact {
  calibrationId: string;
  performedAt: Date;
  asFound: ToleranceState;
  asLeft: ToleranceState;
  nextDueAt: Date;
  certificateRef: string;
  performedBy: string;
  /** Version on the equipment stream: orders two calibrations recorded for the same instant. */
  streamVersion: number;
}

/** `true` in calibration, `false` overdue or out of tolerance, `'unknown'` no calibration known. */
export type InCalibration = true | false | 'unknown';

export type EquipmentStatus = 'in-calibration' | 'overdue' | 'out-of-tolerance' | 'unknown';

export function byPerformedAt(a: CalibrationFact, b: CalibrationFact): number {
  return a.performedAt.getTime() - b.performedAt.getTime() || a.streamVersion - b.streamVersion;
}

/** The last calibration performed at or before `at` (the timeline must be sorted by byPerformedAt). */
export function calibrationInForce(timeline: readonly CalibrationFact[], at: Date): CalibrationFact | undefined {
  let inForce: CalibrationFact | undefined;
  for (const calibration of timeline) {
    if (calibration.performedAt.getTime() > at.getTime()) break;
    inForce = calibration;
  }
  return inForce;
}

/**
 * Whether equipment was in calibration while used from `from` to `to` (an inspection is an instant:
 * from = to). The calibration in force when the use began must have left it in tolerance, and must
 * not have expired before the use ended.
 */
export function inCalibrationDuring(
  timeline: readonly CalibrationFact[],
  from: Date,
  to: Date = from,
): { inCalibration: InCalibration; calibration?: CalibrationFact } {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return { inCalibration: 'unknown' };
  const calibration = calibrationInForce(timeline, from);
  if (!calibration) return { inCalibration: 'unknown' };
  const valid = calibration.asLeft === 'in-tolerance' && to.getTime() < calibration.nextDueAt.getTime();
  return { inCalibration: valid, calibration };
}

/** Status at `now`, from the calibration in force: out of tolerance as left wins over overdue; none is 'unknown'. */
export function statusAt(timeline: readonly CalibrationFact[], now: Date): EquipmentStatus {
  const last = calibrationInForce(timeline, now);
  if (!last) return 'unknown';
  if (last.asLeft === 'out-of-tolerance') return 'out-of-tolerance';
  if (now.getTime() >= last.nextDueAt.getTime()) return 'overdue';
  return 'in-calibration';
}

/**
 * The window of uses an out-of-tolerance-as-found calibration puts in doubt: from the previous
 * calibration that left the equipment in tolerance (inclusive: a use at that instant was made under
 * it) up to the suspect calibration (exclusive: a use at that instant was made under the new one).
 * With no earlier good calibration the window is open at the start.
 */
export function suspectWindow(timeline: readonly CalibrationFact[], suspect: CalibrationFact): { since?: CalibrationFact; until: CalibrationFact } {
  let since: CalibrationFact | undefined;
  for (const calibration of timeline) {
    if (byPerformedAt(calibration, suspect) >= 0) break;
    if (calibration.asLeft === 'in-tolerance') since = calibration;
  }
  return { since, until: suspect };
}

/** The latest calibration that found the equipment out of tolerance, if any. */
export function latestOutOfToleranceAsFound(timeline: readonly CalibrationFact[]): CalibrationFact | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) if (timeline[i].asFound === 'out-of-tolerance') return timeline[i];
  return undefined;
}
