/**
 * Calibration status, derived at query time from the calibration timeline (never baked into a read
 * model at projection time: a calibration may be projected after the inspection that used the gauge).
 * Glossary: the calibration *in force* at a moment is the last one performed at or before it; *as
 * left* is the state the equipment was left in, *next due* the end of its validity.
 */
import {
  calibrationAtUse,
  calibrationInForceAt,
  calibrationStatusAt,
  CalibrationStatusNow,
  CalibrationTerms,
  calibrationTimeline,
  CalibrationTimeline,
  Verdict,
} from '@lotstream/domain';

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
export type InCalibration = Verdict;

export type EquipmentStatus = CalibrationStatusNow;

export function byPerformedAt(a: CalibrationFact, b: CalibrationFact): number {
  return a.performedAt.getTime() - b.performedAt.getTime() || a.streamVersion - b.streamVersion;
}

const terms = (c: CalibrationFact): CalibrationTerms => ({ ...c, recorded: c.streamVersion });

/** The calibration rule's timeline (libs/domain validity) over these calibrations, in any order. */
export function calibrationTimelineOf(calibrations: readonly CalibrationFact[]): CalibrationTimeline<CalibrationFact> {
  return calibrationTimeline(calibrations, terms);
}

/** The last calibration performed at or before `at` (ties: the later recorded). */
export function calibrationInForce(timeline: readonly CalibrationFact[], at: Date): CalibrationFact | undefined {
  return calibrationInForceAt(calibrationTimelineOf(timeline), at);
}

/**
 * Whether equipment was in calibration while used from `from` to `to` (an inspection is an instant:
 * from = to). The calibration in force when the use began must have left it in tolerance, and must
 * not have expired before the use ended — the one rule of `calibrationAtUse` in libs/domain.
 */
export function inCalibrationDuring(
  timeline: readonly CalibrationFact[],
  from: Date,
  to: Date = from,
): { inCalibration: InCalibration; calibration?: CalibrationFact } {
  const { inCalibration, calibration } = calibrationAtUse(calibrationTimelineOf(timeline), from, to);
  return calibration ? { inCalibration, calibration } : { inCalibration };
}

/** Status at `now`, from the calibration in force: out of tolerance as left wins over overdue; none is 'unknown'. */
export function statusAt(timeline: readonly CalibrationFact[], now: Date): EquipmentStatus {
  return calibrationStatusAt(calibrationTimelineOf(timeline), now);
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
