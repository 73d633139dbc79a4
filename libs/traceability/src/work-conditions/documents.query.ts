import { inForceAt, qualificationTimeline, revisionTimeline, trainedOn, validDuring } from '@lotstream/domain';
import { iso, Queryable, SiteScope, sees } from '../query-context';
import { loadDocuments, loadPeople } from './work-conditions';

export type RevisionStatus = 'in-force' | 'superseded' | 'obsolete' | 'not-yet-effective';

export interface RevisionView {
  revision: string;
  revisionId: string;
  title: string | null;
  operations: string[];
  requiresTraining: boolean;
  approvedBy: string | null;
  /** In force from (inclusive) … */
  effectiveFrom: string;
  /** … until (exclusive): the next revision's effectiveFrom or the obsolescence, whichever comes first; null while open. */
  effectiveUntil: string | null;
  obsolescence: { effectiveFrom: string; reason: string | null } | null;
  /** Status now. */
  status: RevisionStatus;
}

export interface DocumentView {
  documentId: string;
  kind: string;
  siteId: string;
  revisions: RevisionView[];
  /** The revision in force now, or null (none effective yet, or the last one obsolete). */
  inForce: string | null;
}

export interface TrainingGaps {
  documentId: string;
  /** Steps performed under a revision that requires training, by a person not trained on it when the step began. */
  untrainedWork: { personId: string; revisionId: string; lotNumber: string; stepId: string; startedAt: string }[];
  /** People qualified now on an operation of the revision in force (requiring training) and not trained on it. */
  untrainedQualified: { personId: string; name: string; revisionId: string; qualificationId: string; operation: string }[];
}

/** A controlled document's revisions with their effective windows, and the one in force now. */
export async function documentView(db: Queryable, schema: string, documentId: string, now: Date, scope: SiteScope): Promise<DocumentView | undefined> {
  const document = (await loadDocuments(db, schema, [documentId])).get(documentId);
  if (!document || !sees(scope, document.siteId)) return undefined;
  const timeline = revisionTimeline(document);
  const t = now.getTime();
  const current = inForceAt(timeline, t);
  const inForce = current && !(current.voidFrom !== undefined && current.voidFrom <= t) ? current.key : null;
  // The first obsolescence of each revision, with its reason (loaded with the document: no second query).
  const obsolescenceOf = new Map<string, { effectiveFrom: string; reason: string | null }>();
  for (const o of document.obsolescences as ReadonlyArray<{ revisionId: string; effectiveFrom: string; reason?: string | null }>) {
    if (!obsolescenceOf.has(o.revisionId)) obsolescenceOf.set(o.revisionId, { effectiveFrom: o.effectiveFrom, reason: o.reason ?? null });
  }
  const revisions = timeline.windows.map((window, i): RevisionView => {
    const row = document.rows.find((r) => r.revision_id === window.key);
    const next = timeline.windows[i + 1];
    const ends = [next?.from, window.voidFrom].filter((x): x is number => x !== undefined);
    const until = ends.length ? Math.min(...ends) : undefined;
    const status: RevisionStatus =
      window.voidFrom !== undefined && window.voidFrom <= t
        ? 'obsolete'
        : window.from > t
          ? 'not-yet-effective'
          : window.key === inForce
            ? 'in-force'
            : 'superseded';
    return {
      revision: window.fact.revision,
      revisionId: window.key,
      title: row?.title ?? null,
      operations: [...window.fact.operations],
      requiresTraining: window.fact.requiresTraining,
      approvedBy: row?.approved_by ?? null,
      effectiveFrom: new Date(window.from).toISOString(),
      effectiveUntil: until === undefined ? null : new Date(until).toISOString(),
      obsolescence: obsolescenceOf.get(window.key) ?? null,
      status,
    };
  });
  return { documentId, kind: document.kind, siteId: document.siteId, revisions, inForce };
}

/**
 * Training gaps of a document: work done under its revisions by people not trained on them, and
 * people qualified on the operations of the revision in force who are not trained on it yet.
 */
export async function trainingGaps(db: Queryable, schema: string, documentId: string, now: Date, scope: SiteScope): Promise<TrainingGaps | undefined> {
  const view = await documentView(db, schema, documentId, now, scope);
  if (!view) return undefined;
  const trainingRevisions = view.revisions.filter((r) => r.requiresTraining).map((r) => r.revisionId);
  const steps = trainingRevisions.length
    ? (
        await db.query(`SELECT * FROM ${schema}.trace_work_steps WHERE sop_revision = ANY($1::text[]) ORDER BY started_at, lot_number, stream_version`, [
          trainingRevisions,
        ])
      ).rows
    : [];
  const current = view.revisions.find((r) => r.revisionId === view.inForce && r.requiresTraining);
  const qualifiedNow = current?.operations.length
    ? (
        await db.query(
          `SELECT DISTINCT q.person_id FROM ${schema}.trace_qualifications q JOIN ${schema}.trace_persons p USING (person_id)
           WHERE q.operation = ANY($1::text[]) AND p.site_id = $2`,
          [current.operations, view.siteId],
        )
      ).rows.map((r) => r.person_id as string)
    : [];
  const people = await loadPeople(db, schema, [...steps.map((s) => s.operator_id as string), ...qualifiedNow]);
  const trainedBy = (personId: string, revisionId: string, at: number): boolean => {
    const person = people.get(personId);
    return person !== undefined && trainedOn(person, revisionId, at);
  };
  const untrainedWork = steps
    .filter((s) => !trainedBy(s.operator_id, s.sop_revision, new Date(s.started_at).getTime()))
    .map((s) => ({ personId: s.operator_id, revisionId: s.sop_revision, lotNumber: s.lot_number, stepId: s.step_id, startedAt: iso(s.started_at)! }));
  const untrainedQualified: TrainingGaps['untrainedQualified'] = [];
  if (current) {
    for (const personId of qualifiedNow) {
      const person = people.get(personId);
      if (!person || trainedBy(personId, current.revisionId, now.getTime())) continue;
      const t0 = now.getTime();
      const answer = validDuring(
        qualificationTimeline(person),
        { start: t0 },
        { matches: (w) => current.operations.includes(w.fact.operation), noneInForce: false },
      );
      if (answer.verdict === true && answer.window) {
        const q = answer.window.fact;
        untrainedQualified.push({ personId, name: person.name, revisionId: current.revisionId, qualificationId: q.qualificationId, operation: q.operation });
      }
    }
  }
  return { documentId, untrainedWork, untrainedQualified };
}
