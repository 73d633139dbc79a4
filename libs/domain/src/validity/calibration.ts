/**
 * Calibration onto validity windows: each calibration opens a window [performedAt, nextDueAt) that
 * grants validity only if it left the equipment in tolerance; a later calibration supersedes it.
 * "Was this equipment in calibration during this use" is `calibrationAtUse` — the one rule every read
 * model asks (lot history, prototype build record, part consistency, equipment status).
 */
import { Instant, inForceAt, nextAfter, Reason, timelineOf, validDuring, ValidityTimeline, ValidityWindow, Verdict } from './validity-timeline';

/** What the rule needs of a calibration, whatever shape the caller keeps it in. */
export interface CalibrationTerms {
  calibrationId: string;
  performedAt: Date | string;
  nextDueAt: Date | string;
  asFound: string;
  asLeft: string;
  /** Order of record on the equipment stream (stream version or log position): breaks ties at one instant. */
  recorded: number | bigint;
}

/** A superseding timeline that keeps how each calibration is read (for as-found). */
export type CalibrationTimeline<F> = ValidityTimeline<F> & { terms: (fact: F) => CalibrationTerms };

/**
 * Why equipment was not (certainly) in calibration during a use:
 * `invalid-time` — the use's times are unreadable or end before they start;
 * `no-calibration-before-use` — nothing calibrated it at or before the use began;
 * `left-out-of-tolerance` — the calibration in force left it out of tolerance;
 * `calibration-due` — the calibration in force was due at or before the use ended.
 */
export type CalibrationReason = 'invalid-time' | 'no-calibration-before-use' | 'left-out-of-tolerance' | 'calibration-due';

export interface CalibrationAtUse<F> {
  inCalibration: Verdict;
  reasons: CalibrationReason[];
  /** The calibration in force when the use began, if any. */
  calibration?: F;
  /** The next calibration after the use began, when it found the equipment out of tolerance: the use is suspect. */
  foundOutOfToleranceAfterUse?: F;
}

export type CalibrationStatusNow = 'in-calibration' | 'overdue' | 'out-of-tolerance' | 'unknown';

const instant = (value: Date | string): Instant => (typeof value === 'string' ? Date.parse(value) : value.getTime());

/** The calibration timeline of one piece of equipment, from its calibrations in any order. */
export function calibrationTimeline<F>(facts: Iterable<F>, terms: (fact: F) => CalibrationTerms): CalibrationTimeline<F> {
  const windows: ValidityWindow<F>[] = [];
  for (const fact of facts) {
    const t = terms(fact);
    windows.push({
      key: t.calibrationId,
      from: instant(t.performedAt),
      until: instant(t.nextDueAt),
      grants: t.asLeft === 'in-tolerance',
      recorded: t.recorded,
      fact,
    });
  }
  return { ...timelineOf('superseding', windows), terms };
}

const REASONS: Partial<Record<Reason['code'], CalibrationReason>> = {
  'invalid-span': 'invalid-time',
  'none-in-force': 'no-calibration-before-use',
  'not-yet-valid': 'no-calibration-before-use',
  'not-granted': 'left-out-of-tolerance',
  expired: 'calibration-due',
};

/** Whether the equipment was in calibration for the whole use [from, to] (an instant when to is omitted). */
export function calibrationAtUse<F>(timeline: CalibrationTimeline<F>, from: Date | string | Instant, to: Date | string | Instant = from): CalibrationAtUse<F> {
  const start = typeof from === 'number' ? from : instant(from);
  const end = typeof to === 'number' ? to : instant(to);
  const answer = validDuring(timeline, { start, end });
  const reasons = answer.reasons.map((r) => REASONS[r.code]).filter((r): r is CalibrationReason => r !== undefined);
  const out: CalibrationAtUse<F> = { inCalibration: answer.verdict, reasons };
  if (answer.window && reasons[0] !== 'invalid-time') out.calibration = answer.window.fact;
  if (Number.isFinite(start)) {
    const next = nextAfter(timeline, start);
    if (next && timeline.terms(next.fact).asFound === 'out-of-tolerance') out.foundOutOfToleranceAfterUse = next.fact;
  }
  return out;
}

/** The calibration in force at an instant: the last performed at or before it (ties: the later recorded). */
export function calibrationInForceAt<F>(timeline: CalibrationTimeline<F>, at: Date | Instant): F | undefined {
  return inForceAt(timeline, typeof at === 'number' ? at : at.getTime())?.fact;
}

/** The equipment's status at an instant, by the same rule: left out of tolerance wins over due; nothing known is 'unknown'. */
export function calibrationStatusAt<F>(timeline: CalibrationTimeline<F>, at: Date | Instant): CalibrationStatusNow {
  const answer = calibrationAtUse(timeline, typeof at === 'number' ? at : at.getTime());
  if (answer.inCalibration === true) return 'in-calibration';
  if (answer.reasons.includes('left-out-of-tolerance')) return 'out-of-tolerance';
  if (answer.reasons.includes('calibration-due')) return 'overdue';
  return 'unknown';
}
