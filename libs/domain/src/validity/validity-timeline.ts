/**
 * Validity at the moment of work: "was X valid during [start, end]?" answered from a timeline of
 * validity windows. Pure: facts in, verdict out; no clock, no I/O. Equipment calibration, a person's
 * qualification for an operation and a document revision in force are all adapters onto this one
 * shape (see calibration.ts).
 *
 * One rule, for every adapter:
 * - A window is half-open, [from, until): valid at the instant it begins, no longer valid at the
 *   instant it ends (a calibration due at 12:00 does not cover a use at 12:00).
 * - A window may be voided from an instant (a revocation, an obsolescence): void at that instant
 *   and after, whatever its `until`; a void instant at or before `from` voids it entirely.
 * - `superseding` timelines (calibrations, revisions of one document): the window *in force* at an
 *   instant is the last one begun at or before it; two begun at the same instant are ordered by
 *   `recorded` (the order in which they were recorded), the later wins. A use is judged by the window
 *   in force when it began, which must still be valid when it ended — a newer window begun during the
 *   use neither helps nor hurts.
 * - `overlapping` timelines (qualifications): any one matching window valid over the whole use is
 *   enough; several windows are not stitched together.
 * - A span with an unparseable instant, or ending before it starts, is answered 'unknown'
 *   (reason `invalid-span`) — never a guess.
 */

/** Milliseconds since the epoch (what Date.parse answers). */
export type Instant = number;

export interface ValidityWindow<F = unknown> {
  /** The fact's own id (calibration, qualification, revision). */
  key: string;
  /** First valid instant (inclusive). */
  from: Instant;
  /** First instant no longer valid (exclusive); undefined = open-ended. */
  until?: Instant;
  /** Void from this instant (inclusive), e.g. a revocation effective from then; may lie before `from`. */
  voidFrom?: Instant;
  /** Whether the window grants validity at all (a calibration that left the gauge out of tolerance does not). */
  grants: boolean;
  /** Order of record among windows begun at the same instant: the later recorded wins. */
  recorded: number | bigint;
  /** The fact the window came from, handed back in answers. */
  fact: F;
}

export type TimelineMode = 'superseding' | 'overlapping';

export interface ValidityTimeline<F = unknown> {
  mode: TimelineMode;
  /** Sorted by `from`, then `recorded`. */
  windows: readonly ValidityWindow<F>[];
}

export type Verdict = true | false | 'unknown';

/**
 * Why a span was not (or not certainly) valid. Adapters name these in their own words.
 * - `invalid-span`: start or end unparseable, or end before start.
 * - `none-in-force`: no (matching) window had begun by the start.
 * - `not-yet-valid`: a matching window exists but begins after the start.
 * - `superseded`: (superseding) the matching window was replaced by another before the start.
 * - `not-granted`: the window in force grants no validity.
 * - `expired`: the window ended (`until`) at or before the end of the span.
 * - `void`: the window was voided at or before the end of the span.
 */
export type ReasonCode = 'invalid-span' | 'none-in-force' | 'not-yet-valid' | 'superseded' | 'not-granted' | 'expired' | 'void';

export interface Reason<F = unknown> {
  code: ReasonCode;
  /** The window the reason is about, if any. */
  window?: ValidityWindow<F>;
}

export interface ValidityAnswer<F = unknown> {
  verdict: Verdict;
  /** Empty when valid. */
  reasons: Reason<F>[];
  /** The window the verdict rests on: in force at the start (superseding), or the one covering the span (overlapping). */
  window?: ValidityWindow<F>;
}

export interface Span {
  start: Instant;
  /** Defaults to start (an instant, e.g. an inspection). */
  end?: Instant;
}

export interface ValidDuringOptions<F> {
  /** Which windows answer the question (a revision id, an operation); default all. */
  matches?: (window: ValidityWindow<F>) => boolean;
  /** Verdict when no matching window had begun by the start: calibration says 'unknown', a qualification `false`. Default 'unknown'. */
  noneInForce?: Verdict;
}

function compareRecorded(a: number | bigint, b: number | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Windows in timeline order: by start, then by order of record. */
export function byStartThenRecorded<F>(a: ValidityWindow<F>, b: ValidityWindow<F>): number {
  return a.from - b.from || compareRecorded(a.recorded, b.recorded);
}

/** A timeline over windows given in any order (the order events arrive in does not matter). */
export function timelineOf<F>(mode: TimelineMode, windows: Iterable<ValidityWindow<F>>): ValidityTimeline<F> {
  return { mode, windows: [...windows].sort(byStartThenRecorded) };
}

const isInstant = (t: Instant | undefined): t is Instant => typeof t === 'number' && Number.isFinite(t);

/** The instant the window stops being valid on its own terms (the earlier of `until` and `voidFrom`), if any. */
function endOf<F>(window: ValidityWindow<F>): { at: Instant; code: 'expired' | 'void' } | undefined {
  const until = isInstant(window.until) ? window.until : undefined;
  const voidFrom = isInstant(window.voidFrom) ? window.voidFrom : undefined;
  if (voidFrom !== undefined && (until === undefined || voidFrom <= until)) return { at: voidFrom, code: 'void' };
  if (until !== undefined) return { at: until, code: 'expired' };
  return undefined;
}

/** Whether a window, taken alone, covers [start, end]: granted, begun by the start, not ended or void by the end. */
function judge<F>(window: ValidityWindow<F>, start: Instant, end: Instant): Reason<F> | undefined {
  if (window.from > start) return { code: 'not-yet-valid', window };
  const stop = endOf(window);
  // A window void from before it began is void throughout: report the void rather than "not granted".
  if (stop?.code === 'void' && stop.at <= window.from) return { code: 'void', window };
  if (!window.grants) return { code: 'not-granted', window };
  if (stop && stop.at <= end) return { code: stop.code, window };
  return undefined;
}

/** The window in force at `at` in a superseding timeline: the last begun at or before it (ties: the later recorded). */
export function inForceAt<F>(timeline: ValidityTimeline<F>, at: Instant, matches?: (window: ValidityWindow<F>) => boolean): ValidityWindow<F> | undefined {
  let inForce: ValidityWindow<F> | undefined;
  for (const window of timeline.windows) {
    if (window.from > at) break;
    if (!matches || matches(window)) inForce = window;
  }
  return inForce;
}

/** The first window begun strictly after `at` (e.g. the calibration that next examined the gauge). */
export function nextAfter<F>(timeline: ValidityTimeline<F>, at: Instant): ValidityWindow<F> | undefined {
  return timeline.windows.find((window) => window.from > at);
}

/** Valid during [start, end]? See the rule at the top of this file. */
export function validDuring<F>(timeline: ValidityTimeline<F>, span: Span, options: ValidDuringOptions<F> = {}): ValidityAnswer<F> {
  const start = span.start;
  const end = span.end ?? span.start;
  if (!isInstant(start) || !isInstant(end) || end < start) return { verdict: 'unknown', reasons: [{ code: 'invalid-span' }] };
  const matches = options.matches ?? (() => true);
  const noneInForce = options.noneInForce ?? 'unknown';

  if (timeline.mode === 'superseding') {
    const window = inForceAt(timeline, start);
    if (window && matches(window)) {
      const reason = judge(window, start, end);
      return reason ? { verdict: false, reasons: [reason], window } : { verdict: true, reasons: [], window };
    }
    const earlier = inForceAt(timeline, start, matches);
    if (earlier) return { verdict: false, reasons: [{ code: 'superseded', window: earlier }], window };
    const later = timeline.windows.find((w) => w.from > start && matches(w));
    return { verdict: noneInForce, reasons: [later ? { code: 'not-yet-valid', window: later } : { code: 'none-in-force' }], window };
  }

  const matching = timeline.windows.filter(matches);
  const reasons: Reason<F>[] = [];
  for (const window of matching) {
    const reason = judge(window, start, end);
    if (!reason) return { verdict: true, reasons: [], window };
    reasons.push(reason);
  }
  if (!matching.some((w) => w.from <= start)) return { verdict: noneInForce, reasons: reasons.length > 0 ? reasons : [{ code: 'none-in-force' }] };
  return { verdict: false, reasons };
}
