import { OperatorReason, operatorQualifiedFor, qualifiedWorkTerms, Verdict } from '@lotstream/domain';
import { customersOf, GenealogyEdge, GenealogyNode, reach, scoped } from '../lot-genealogy/lot-genealogy.query';
import type { ShipmentView } from '../lot-summary/lot-summary.query';
import { iso, isoOf, isoText, Queryable, SiteScope, sees } from '../query-context';
import { loadDocumentsOfRevisions, loadPeople, PersonFacts } from './work-conditions';

export type QualificationStatus = 'valid' | 'expired' | 'revoked' | 'not-yet-valid';

export interface QualificationView {
  qualificationId: string;
  operation: string;
  workCenter: string | null;
  validFrom: string;
  validUntil: string | null;
  grantedBy: string | null;
  evidenceRef: string | null;
  /** Status now. */
  status: QualificationStatus;
  revocation: { reason: string | null; effectiveFrom: string } | null;
}

export interface TrainingView {
  trainingId: string;
  revisionId: string;
  completedAt: string;
  trainer: string | null;
}

/** A step a person performed, with whether they were qualified (and trained) for it at the time. */
export interface PerformedStep {
  lotNumber: string;
  stepId: string;
  operation: string;
  workCenter: string;
  sopRevision: string;
  startedAt: string;
  completedAt: string;
  qualified: Verdict;
  reasons: OperatorReason[];
}

export interface PersonView {
  personId: string;
  name: string;
  siteId: string;
  employeeRef: string | null;
  qualifications: QualificationView[];
  trainings: TrainingView[];
  /** The latest steps performed (at most STEPS_SHOWN), newest first; `stepsTotal` counts all. */
  steps: PerformedStep[];
  stepsTotal: number;
}

export interface PersonImpact {
  personId: string;
  /** Steps performed while not qualified for the operation or not trained on the revision used. */
  steps: PerformedStep[];
  lots: string[];
  /** Every lot reached forward from those lots (themselves at depth 0): what a recall would cover. */
  reachedLots: GenealogyNode[];
  /** The genealogy edges between the reached lots (input → output). */
  reachedEdges: GenealogyEdge[];
  shipments: ShipmentView[];
  customers: string[];
  hiddenLots: number;
}

export const STEPS_SHOWN = 200;

function statusAt(q: { validFrom: string; validUntil: string | null }, revokedFrom: string | undefined, now: Date): QualificationStatus {
  const t = now.getTime();
  if (revokedFrom !== undefined && Date.parse(revokedFrom) <= t) return 'revoked';
  if (Date.parse(q.validFrom) > t) return 'not-yet-valid';
  if (q.validUntil !== null && Date.parse(q.validUntil) <= t) return 'expired';
  return 'valid';
}

async function visiblePerson(db: Queryable, schema: string, personId: string, scope: SiteScope): Promise<PersonFacts | undefined> {
  const person = (await loadPeople(db, schema, [personId])).get(personId);
  return person && sees(scope, person.siteId) ? person : undefined;
}

/** Judges the steps a person performed (rows of trace_work_steps) against their record. */
async function judgedSteps(db: Queryable, schema: string, person: PersonFacts, rows: any[]): Promise<PerformedStep[]> {
  const documents = await loadDocumentsOfRevisions(
    db,
    schema,
    rows.map((r) => r.sop_revision),
  );
  return rows.map((row) => {
    const work = {
      operation: row.operation,
      workCenter: row.work_center,
      revisionId: row.sop_revision,
      startedAt: isoOf(row.started_at)!,
      completedAt: isoOf(row.completed_at)!,
    };
    const answer = operatorQualifiedFor(person, documents.get(row.sop_revision), work);
    return {
      lotNumber: row.lot_number,
      stepId: row.step_id,
      operation: row.operation,
      workCenter: row.work_center,
      sopRevision: row.sop_revision,
      startedAt: work.startedAt,
      completedAt: work.completedAt,
      qualified: answer.qualified,
      reasons: answer.reasons,
    };
  });
}

/** A person, their qualifications with status now, trainings, and the steps they performed. */
export async function personView(db: Queryable, schema: string, personId: string, now: Date, scope: SiteScope): Promise<PersonView | undefined> {
  const person = await visiblePerson(db, schema, personId, scope);
  if (!person) return undefined;
  const [qualifications, revocations, trainings, steps, total] = await Promise.all([
    db.query(`SELECT * FROM ${schema}.trace_qualifications WHERE person_id = $1 ORDER BY stream_version`, [personId]),
    db.query(`SELECT * FROM ${schema}.trace_qualification_revocations WHERE person_id = $1 ORDER BY stream_version`, [personId]),
    db.query(`SELECT * FROM ${schema}.trace_trainings WHERE person_id = $1 ORDER BY stream_version`, [personId]),
    db.query(`SELECT * FROM ${schema}.trace_work_steps WHERE operator_id = $1 ORDER BY started_at DESC, lot_number, stream_version LIMIT ${STEPS_SHOWN}`, [
      personId,
    ]),
    db.query(`SELECT count(*)::int AS n FROM ${schema}.trace_work_steps WHERE operator_id = $1`, [personId]),
  ]);
  const revocationOf = new Map<string, { reason: string | null; effectiveFrom: string }>();
  for (const row of revocations.rows) {
    if (!revocationOf.has(row.qualification_id)) revocationOf.set(row.qualification_id, { reason: row.reason, effectiveFrom: iso(row.effective_from)! });
  }
  return {
    personId: person.personId,
    name: person.name,
    siteId: person.siteId,
    employeeRef: person.employeeRef,
    qualifications: qualifications.rows.map((row): QualificationView => {
      const revocation = revocationOf.get(row.qualification_id) ?? null;
      const view = { validFrom: iso(row.valid_from)!, validUntil: iso(row.valid_until) };
      return {
        qualificationId: row.qualification_id,
        operation: row.operation,
        workCenter: row.work_center,
        ...view,
        grantedBy: row.granted_by,
        evidenceRef: row.evidence_ref,
        status: statusAt(view, revocation?.effectiveFrom, now),
        revocation,
      };
    }),
    trainings: trainings.rows.map((row) => ({
      trainingId: row.training_id,
      revisionId: row.revision_id,
      completedAt: iso(row.completed_at)!,
      trainer: row.trainer,
    })),
    steps: await judgedSteps(db, schema, person, steps.rows),
    stepsTotal: total.rows[0].n,
  };
}

/** Above this many qualifications or trained revisions, the impact judges every step (the filter would outgrow the scan it saves). */
const FILTER_TERMS_MAX = 200;

/**
 * The steps of the person that may be unqualified, as a WHERE clause: every step except those
 * surely qualified (qualifiedWorkTerms: inside a covering window, on a revision that needs no
 * training or was trained on by the start). The rule judges what remains, so the answer is the
 * one judging every step gives; the filter only spares the store and the rule the steps that are
 * surely fine. The bounds are whole milliseconds (the rule's own instants) and the store keeps
 * microseconds: a step the store finds inside a bound, the rule (reading milliseconds, truncated)
 * finds inside it too.
 */
function candidateFilter(schema: string, person: PersonFacts, firstParam: number): { sql: string; values: unknown[] } | undefined {
  const terms = qualifiedWorkTerms(person);
  // No qualification at all: no step is surely qualified.
  if (terms.windows.length === 0 || terms.windows.length > FILTER_TERMS_MAX || terms.trainedFrom.size > FILTER_TERMS_MAX) return undefined;
  const values: unknown[] = [];
  const param = (value: unknown, cast = ''): string => {
    values.push(value);
    return `$${firstParam + values.length - 1}${cast}`;
  };
  const covered = terms.windows.map((w) => {
    const parts = [`s.operation = ${param(w.operation)}`, `s.started_at >= ${param(new Date(w.from).toISOString(), '::timestamptz')}`];
    if (w.workCenter !== null) parts.push(`s.work_center = ${param(w.workCenter)}`);
    if (w.until !== undefined) parts.push(`s.completed_at < ${param(new Date(w.until).toISOString(), '::timestamptz')}`);
    return `(${parts.join(' AND ')})`;
  });
  const trained = [`s.sop_revision NOT IN (SELECT revision_id FROM ${schema}.trace_document_revisions WHERE requires_training)`];
  if (terms.trainedFrom.size > 0) {
    const cases = [...terms.trainedFrom].map(([revision, time]) => `WHEN ${param(revision)} THEN ${param(new Date(time).toISOString(), '::timestamptz')}`);
    trained.push(`s.started_at >= (CASE s.sop_revision ${cases.join(' ')} END)`);
  }
  // NULL anywhere (a revision id missing, no training for the revision) leaves the step to be judged.
  return { sql: `NOT coalesce((${covered.join(' OR ')}) AND (${trained.join(' OR ')}), false)`, values };
}

/**
 * The recall scope of a void (or missing) qualification: the steps the person performed while not
 * qualified for the operation or not trained on the revision used, their lots, every lot reached
 * forward from them, and those lots' shipments and customers. Computed now, from the facts.
 */
export async function personImpact(db: Queryable, schema: string, personId: string, scope: SiteScope): Promise<PersonImpact | undefined> {
  const person = await visiblePerson(db, schema, personId, scope);
  if (!person) return undefined;
  const candidates = candidateFilter(schema, person, 2);
  const { rows } = await db.query(
    `SELECT lot_number, step_id, operation, work_center, sop_revision, ${isoText('s.started_at')} AS started_at, ${isoText('s.completed_at')} AS completed_at
     FROM ${schema}.trace_work_steps s WHERE s.operator_id = $1${candidates ? ` AND ${candidates.sql}` : ''}
     ORDER BY s.started_at, s.lot_number, s.stream_version`,
    [personId, ...(candidates?.values ?? [])],
  );
  const unqualified = (await judgedSteps(db, schema, person, rows)).filter((step) => step.qualified === false);
  const lots = [...new Set(unqualified.map((s) => s.lotNumber))].sort();
  const visible = scoped(await reach(db, schema, lots, 'forward'), scope);
  const visibleLots = new Set(visible.nodes.map((n) => n.lotNumber));
  const shipments = visible.shipments;
  return {
    personId,
    steps: unqualified.filter((s) => visibleLots.has(s.lotNumber)),
    lots: lots.filter((lot) => visibleLots.has(lot)),
    reachedLots: visible.nodes,
    reachedEdges: visible.edges,
    shipments,
    customers: customersOf(shipments),
    hiddenLots: visible.hidden,
  };
}
