import { DocumentRecord, OperatorAnswer, operatorQualifiedFor, PersonRecord, RevisionAnswer, revisionInForceFor, WorkSpan } from '@lotstream/domain';
import { iso, Queryable } from '../query-context';

/**
 * People and documents loaded from the read model into the shape the work-conditions rule reads
 * (libs/domain), and the rule applied to a step: the same answers the command side gives when a
 * site's policy refuses such work.
 */
export interface PersonFacts extends PersonRecord {
  personId: string;
  name: string;
  siteId: string;
  employeeRef: string | null;
}

export interface DocumentFacts extends DocumentRecord {
  documentId: string;
  siteId: string;
  kind: string;
}

/** One step as the history shows its operator and SOP answers. */
export interface StepConditions {
  operator: { personId: string } & OperatorAnswer;
  sop: { revisionId: string } & RevisionAnswer;
}

/** People by id with their qualifications, revocations and trainings: one query, one round trip. */
export async function loadPeople(db: Queryable, schema: string, personIds: readonly string[]): Promise<Map<string, PersonFacts>> {
  const ids = [...new Set(personIds)];
  const people = new Map<string, PersonFacts>();
  if (ids.length === 0) return people;
  const { rows } = await db.query(
    `SELECT p.person_id, p.name, p.site_id, p.employee_ref,
            (SELECT coalesce(jsonb_agg(jsonb_build_array(q.qualification_id, q.operation, q.work_center, q.valid_from, q.valid_until, q.stream_version)
                                       ORDER BY q.stream_version), '[]')
               FROM ${schema}.trace_qualifications q WHERE q.person_id = p.person_id) AS qualifications,
            (SELECT coalesce(jsonb_agg(jsonb_build_array(r.qualification_id, r.effective_from) ORDER BY r.stream_version), '[]')
               FROM ${schema}.trace_qualification_revocations r WHERE r.person_id = p.person_id) AS revocations,
            (SELECT coalesce(jsonb_agg(jsonb_build_array(t.revision_id, t.completed_at) ORDER BY t.stream_version), '[]')
               FROM ${schema}.trace_trainings t WHERE t.person_id = p.person_id) AS trainings
       FROM ${schema}.trace_persons p WHERE p.person_id = ANY($1::text[])`,
    [ids],
  );
  for (const row of rows) {
    people.set(row.person_id, {
      personId: row.person_id,
      name: row.name,
      siteId: row.site_id,
      employeeRef: row.employee_ref,
      qualifications: row.qualifications.map(([qualificationId, operation, workCenter, validFrom, validUntil, recorded]: any[]) => ({
        qualificationId,
        operation,
        workCenter,
        validFrom: iso(validFrom)!,
        validUntil: iso(validUntil),
        recorded,
      })),
      revocations: row.revocations.map(([qualificationId, effectiveFrom]: string[]) => ({ qualificationId, effectiveFrom: iso(effectiveFrom)! })),
      trainings: row.trainings.map(([revisionId, completedAt]: string[]) => ({ revisionId, completedAt: iso(completedAt)! })),
    });
  }
  return people;
}

/** Documents by id, with every revision (their rows too) and obsolescence: one query. */
export async function loadDocuments(db: Queryable, schema: string, documentIds: readonly string[]): Promise<Map<string, DocumentFacts & { rows: any[] }>> {
  const ids = [...new Set(documentIds)];
  const documents = new Map<string, DocumentFacts & { rows: any[] }>();
  if (ids.length === 0) return documents;
  const { rows } = await db.query(
    `SELECT d.document_id,
            (SELECT jsonb_agg(to_jsonb(r) ORDER BY r.stream_version) FROM ${schema}.trace_document_revisions r WHERE r.document_id = d.document_id) AS revisions,
            (SELECT coalesce(jsonb_agg(jsonb_build_array(o.revision_id, o.effective_from, o.reason) ORDER BY o.stream_version), '[]')
               FROM ${schema}.trace_document_obsolescences o WHERE o.document_id = d.document_id) AS obsolescences
       FROM unnest($1::text[]) AS d(document_id)`,
    [ids],
  );
  for (const row of rows) {
    const revisions: any[] = row.revisions ?? [];
    if (revisions.length === 0) continue;
    documents.set(row.document_id, {
      documentId: row.document_id,
      siteId: revisions[0].site_id,
      kind: revisions[0].kind,
      rows: revisions,
      revisions: revisions.map((r) => ({
        documentId: r.document_id,
        revision: r.revision,
        revisionId: r.revision_id,
        effectiveFrom: iso(r.effective_from)!,
        requiresTraining: r.requires_training,
        operations: r.operations ?? [],
        recorded: r.stream_version,
      })),
      obsolescences: row.obsolescences.map(([revisionId, effectiveFrom, reason]: Array<string | null>) => ({
        revisionId: revisionId!,
        effectiveFrom: iso(effectiveFrom)!,
        reason,
      })),
    });
  }
  return documents;
}

/** The documents the given revision ids belong to, keyed by revision id. */
export async function loadDocumentsOfRevisions(db: Queryable, schema: string, revisionIds: readonly string[]): Promise<Map<string, DocumentFacts>> {
  const ids = [...new Set(revisionIds)];
  const byRevision = new Map<string, DocumentFacts>();
  if (ids.length === 0) return byRevision;
  const { rows } = await db.query(`SELECT DISTINCT revision_id, document_id FROM ${schema}.trace_document_revisions WHERE revision_id = ANY($1::text[])`, [
    ids,
  ]);
  if (rows.length === 0) return byRevision;
  const documents = await loadDocuments(
    db,
    schema,
    rows.map((r) => r.document_id),
  );
  for (const row of rows) {
    const document = documents.get(row.document_id);
    if (document) byRevision.set(row.revision_id, document);
  }
  return byRevision;
}

/** The operator and SOP answers for one step, from the loaded people and documents. */
export function stepConditions(
  people: ReadonlyMap<string, PersonFacts>,
  documents: ReadonlyMap<string, DocumentFacts>,
  work: WorkSpan & { operatorId: string },
): StepConditions {
  const document = documents.get(work.revisionId);
  return {
    operator: { personId: work.operatorId, ...operatorQualifiedFor(people.get(work.operatorId), document, work) },
    sop: { revisionId: work.revisionId, ...revisionInForceFor(document, work) },
  };
}

/** The work span of a step event's data (ProductionStepCompleted), if it names an operator and a revision. */
export function workOf(data: Record<string, any>): (WorkSpan & { operatorId: string }) | undefined {
  if (typeof data.operatorId !== 'string' || typeof data.sopRevision !== 'string') return undefined;
  return {
    operatorId: data.operatorId,
    operation: String(data.operation ?? ''),
    workCenter: String(data.workCenter ?? ''),
    revisionId: data.sopRevision,
    startedAt: String(data.startedAt ?? ''),
    completedAt: String(data.completedAt ?? ''),
  };
}
