/**
 * People and procedures at the moment of work: was the operator qualified for the operation (and
 * trained on the revision used), and was that revision the one in force? Two adapters onto the
 * validity timeline, used alike by the read side (history, impact, consistency) and by the command
 * side (a site whose policy refuses such steps), so both always give the same answer.
 *
 * - Qualifications are an `overlapping` timeline: any one qualification for the operation (and for
 *   the work centre, when it names one) valid over the whole step is enough. A revocation voids its
 *   qualification from its `effectiveFrom`, which may lie in the past.
 * - Revisions of one document are a `superseding` timeline: a released revision is in force from its
 *   `effectiveFrom` until the next revision takes over; an obsolescence voids it from then on.
 * - A revision that requires training needs a training on that revision completed at or before the
 *   step began.
 */
import { Instant, timelineOf, validDuring, ValidityAnswer, ValidityTimeline, ValidityWindow, Verdict } from './validity-timeline';

export interface QualificationTerms {
  qualificationId: string;
  operation: string;
  workCenter?: string | null;
  validFrom: string;
  validUntil?: string | null;
  /** Order of record on the person's stream. */
  recorded: number;
}

export interface RevocationTerms {
  qualificationId: string;
  effectiveFrom: string;
}

export interface TrainingTerms {
  revisionId: string;
  completedAt: string;
}

/** What the rule needs of a person: their qualifications, revocations and trainings, in any order. */
export interface PersonRecord {
  qualifications: readonly QualificationTerms[];
  revocations: readonly RevocationTerms[];
  trainings: readonly TrainingTerms[];
}

export interface RevisionTerms {
  documentId: string;
  revision: string;
  revisionId: string;
  effectiveFrom: string;
  requiresTraining: boolean;
  operations: readonly string[];
  /** Order of record on the document's stream. */
  recorded: number;
}

export interface ObsolescenceTerms {
  revisionId: string;
  effectiveFrom: string;
}

/** What the rule needs of a document: its released revisions and their obsolescences, in any order. */
export interface DocumentRecord {
  revisions: readonly RevisionTerms[];
  obsolescences: readonly ObsolescenceTerms[];
}

/** The work a step did, as the rule judges it. */
export interface WorkSpan {
  operation: string;
  workCenter: string;
  revisionId: string;
  startedAt: string;
  completedAt: string;
}

export type OperatorReason = 'no-qualification-for-operation' | 'qualification-expired' | 'qualification-revoked' | 'not-trained-on-revision';
export type RevisionReason = 'revision-superseded' | 'revision-not-yet-effective' | 'revision-obsolete';

export interface OperatorAnswer {
  qualified: Verdict;
  reasons: OperatorReason[];
  /** The qualification the step rests on, when qualified. */
  qualificationId?: string;
}

export interface RevisionAnswer {
  inForce: Verdict;
  reasons: RevisionReason[];
  /** The revision that was in force when the step began, when another one was. */
  revisionInForce?: string;
}

const at = (text: string | null | undefined): Instant | undefined => {
  if (text == null) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
};

const qualificationTimelines = new WeakMap<PersonRecord, ValidityTimeline<QualificationTerms>>();
const revisionTimelines = new WeakMap<DocumentRecord, ValidityTimeline<RevisionTerms>>();

/** The person's qualifications as an overlapping timeline, each voided from its earliest revocation (built once per record object: records are never changed once judged). */
export function qualificationTimeline(person: PersonRecord): ValidityTimeline<QualificationTerms> {
  let timeline = qualificationTimelines.get(person);
  if (!timeline) qualificationTimelines.set(person, (timeline = buildQualificationTimeline(person)));
  return timeline;
}

/** The document's revisions as a superseding timeline, each voided from its obsolescence (built once per record object). */
export function revisionTimeline(document: DocumentRecord): ValidityTimeline<RevisionTerms> {
  let timeline = revisionTimelines.get(document);
  if (!timeline) revisionTimelines.set(document, (timeline = buildRevisionTimeline(document)));
  return timeline;
}

function buildQualificationTimeline(person: PersonRecord): ValidityTimeline<QualificationTerms> {
  const voidFrom = earliestBy(
    person.revocations,
    (r) => r.qualificationId,
    (r) => r.effectiveFrom,
  );
  const windows: ValidityWindow<QualificationTerms>[] = [];
  for (const q of person.qualifications) {
    const from = at(q.validFrom);
    if (from === undefined) continue;
    windows.push({
      key: q.qualificationId,
      from,
      until: at(q.validUntil),
      voidFrom: voidFrom.get(q.qualificationId),
      grants: true,
      recorded: q.recorded,
      fact: q,
    });
  }
  return timelineOf('overlapping', windows);
}

function buildRevisionTimeline(document: DocumentRecord): ValidityTimeline<RevisionTerms> {
  const voidFrom = new Map<string, Instant>();
  for (const obsolescence of document.obsolescences) {
    const time = at(obsolescence.effectiveFrom);
    if (time === undefined) continue;
    const earlier = voidFrom.get(obsolescence.revisionId);
    voidFrom.set(obsolescence.revisionId, earlier === undefined ? time : Math.min(earlier, time));
  }
  const windows: ValidityWindow<RevisionTerms>[] = [];
  for (const r of document.revisions) {
    const from = at(r.effectiveFrom);
    if (from === undefined) continue;
    windows.push({ key: r.revisionId, from, voidFrom: voidFrom.get(r.revisionId), grants: true, recorded: r.recorded, fact: r });
  }
  return timelineOf('superseding', windows);
}

const matchesWork =
  (work: WorkSpan) =>
  (window: ValidityWindow<QualificationTerms>): boolean =>
    window.fact.operation === work.operation && (window.fact.workCenter == null || window.fact.workCenter === work.workCenter);

function spanOf(work: WorkSpan): { start: Instant; end: Instant } | undefined {
  const start = at(work.startedAt);
  const end = at(work.completedAt);
  return start === undefined || end === undefined || end < start ? undefined : { start, end };
}

/** Whether the person completed training on the revision at or before an instant. */
export function trainedOn(person: PersonRecord, revisionId: string, atOrBefore: Instant): boolean {
  return person.trainings.some((t) => t.revisionId === revisionId && (at(t.completedAt) ?? Infinity) <= atOrBefore);
}

/** The revision a step used, found among its document's revisions. */
export function revisionOf(document: DocumentRecord | undefined, revisionId: string): RevisionTerms | undefined {
  return document?.revisions.find((r) => r.revisionId === revisionId);
}

/**
 * Was the operator qualified for this work, and trained on its revision when that requires it?
 * `person` undefined (not registered) → 'unknown'. `document` undefined (the revision is not
 * registered) → training cannot be judged: 'unknown' unless the qualification already fails.
 */
export function operatorQualifiedFor(person: PersonRecord | undefined, document: DocumentRecord | undefined, work: WorkSpan): OperatorAnswer {
  if (!person) return { qualified: 'unknown', reasons: [] };
  const span = spanOf(work);
  if (!span) return { qualified: 'unknown', reasons: [] };
  const answer: ValidityAnswer<QualificationTerms> = validDuring(qualificationTimeline(person), span, { matches: matchesWork(work), noneInForce: false });
  const reasons: OperatorReason[] = [];
  if (answer.verdict !== true) {
    const codes = new Set(answer.reasons.map((r) => r.code));
    if (codes.has('void')) reasons.push('qualification-revoked');
    else if (codes.has('expired')) reasons.push('qualification-expired');
    else reasons.push('no-qualification-for-operation');
  }
  const revision = revisionOf(document, work.revisionId);
  const trained = trainedOn(person, work.revisionId, span.start);
  let trainingVerdict: Verdict = true;
  if (!trained) {
    if (!revision) trainingVerdict = 'unknown';
    else if (revision.requiresTraining) {
      trainingVerdict = false;
      reasons.push('not-trained-on-revision');
    }
  }
  const qualified: Verdict =
    answer.verdict === true && trainingVerdict === true ? true : answer.verdict === true && trainingVerdict === 'unknown' ? 'unknown' : false;
  return qualified === true && answer.window ? { qualified, reasons, qualificationId: answer.window.key } : { qualified, reasons };
}

/**
 * Was the revision a step used the one in force over the step? `document` undefined (revision not
 * registered) → 'unknown'.
 */
export function revisionInForceFor(document: DocumentRecord | undefined, work: WorkSpan): RevisionAnswer {
  if (!document || !revisionOf(document, work.revisionId)) return { inForce: 'unknown', reasons: [] };
  const span = spanOf(work);
  if (!span) return { inForce: 'unknown', reasons: [] };
  const answer = validDuring(revisionTimeline(document), span, { matches: (w) => w.key === work.revisionId, noneInForce: false });
  const inForceAtStart = answer.window?.key;
  const other = inForceAtStart !== undefined && inForceAtStart !== work.revisionId ? { revisionInForce: inForceAtStart } : {};
  if (answer.verdict === true) return { inForce: true, reasons: [] };
  const codes = new Set(answer.reasons.map((r) => r.code));
  const reasons: RevisionReason[] = [];
  if (codes.has('void')) reasons.push('revision-obsolete');
  else if (codes.has('superseded')) reasons.push('revision-superseded');
  else if (codes.has('not-yet-valid') || codes.has('none-in-force')) reasons.push('revision-not-yet-effective');
  else reasons.push('revision-superseded');
  return { inForce: answer.verdict, reasons, ...other };
}

/** A span within which one qualification, taken alone, covers any step of its operation (and work centre) lying wholly inside it. */
export interface CoveringWindow {
  operation: string;
  /** null: any work centre. */
  workCenter: string | null;
  /** A step beginning at or after `from`… */
  from: Instant;
  /** …and completing strictly before `until` (none: open-ended) is covered. */
  until?: Instant;
}

/**
 * What makes a step of this person surely qualified, in a form a store can filter on: the
 * qualifications as covering windows (each voided from its earliest revocation; one void from
 * before it began covers nothing), and the earliest training completed on each revision. A step
 * inside a window of its operation (and work centre), whose revision either needs no training or
 * was trained on by its start, is never `qualified: false` — so the steps a person's impact must
 * judge are only the others (the rule itself still judges them: these terms only narrow the search).
 */
export interface QualifiedWorkTerms {
  windows: CoveringWindow[];
  trainedFrom: Map<string, Instant>;
}

export function qualifiedWorkTerms(person: PersonRecord): QualifiedWorkTerms {
  const windows: CoveringWindow[] = [];
  for (const window of qualificationTimeline(person).windows) {
    const voidFrom = window.voidFrom;
    if (!window.grants || (voidFrom !== undefined && voidFrom <= window.from)) continue;
    const ends = [window.until, voidFrom].filter((t): t is Instant => t !== undefined);
    windows.push({
      operation: window.fact.operation,
      workCenter: window.fact.workCenter ?? null,
      from: window.from,
      ...(ends.length ? { until: Math.min(...ends) } : {}),
    });
  }
  const trainedFrom = earliestBy(
    person.trainings,
    (t) => t.revisionId,
    (t) => t.completedAt,
  );
  return { windows, trainedFrom };
}

/** The earliest readable instant per key (revocations per qualification, trainings per revision). */
function earliestBy<T>(items: readonly T[], key: (item: T) => string, instant: (item: T) => string): Map<string, Instant> {
  const earliest = new Map<string, Instant>();
  for (const item of items) {
    const time = at(instant(item));
    if (time === undefined) continue;
    const earlier = earliest.get(key(item));
    earliest.set(key(item), earlier === undefined ? time : Math.min(earlier, time));
  }
  return earliest;
}
