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

export async function loadPeople(db: Queryable, schema: string, personIds: readonly string[]): Promise<Map<string, PersonFacts>> {
  const ids = [...new Set(personIds)];
  const people = new Map<string, PersonFacts>();
  if (ids.length === 0) return people;
  const [persons, qualifications, revocations, trainings] = await Promise.all([
    db.query(`SELECT person_id, name, site_id, employee_ref FROM ${schema}.trace_persons WHERE person_id = ANY($1::text[])`, [ids]),
    db.query(
      `SELECT person_id, stream_version, qualification_id, operation, work_center, valid_from, valid_until, granted_by, evidence_ref
       FROM ${schema}.trace_qualifications WHERE person_id = ANY($1::text[]) ORDER BY person_id, stream_version`,
      [ids],
    ),
    db.query(
      `SELECT person_id, qualification_id, reason, effective_from FROM ${schema}.trace_qualification_revocations
       WHERE person_id = ANY($1::text[]) ORDER BY person_id, stream_version`,
      [ids],
    ),
    db.query(
      `SELECT person_id, training_id, revision_id, completed_at, trainer FROM ${schema}.trace_trainings
       WHERE person_id = ANY($1::text[]) ORDER BY person_id, stream_version`,
      [ids],
    ),
  ]);
  for (const row of persons.rows) {
    people.set(row.person_id, {
      personId: row.person_id,
      name: row.name,
      siteId: row.site_id,
      employeeRef: row.employee_ref,
      qualifications: [],
      revocations: [],
      trainings: [],
    });
  }
  for (const row of qualifications.rows) {
    (people.get(row.person_id)?.qualifications as PersonRecord['qualifications'][number][] | undefined)?.push({
      qualificationId: row.qualification_id,
      operation: row.operation,
      workCenter: row.work_center,
      validFrom: iso(row.valid_from)!,
      validUntil: iso(row.valid_until),
      recorded: row.stream_version,
    });
  }
  for (const row of revocations.rows) {
    (people.get(row.person_id)?.revocations as PersonRecord['revocations'][number][] | undefined)?.push({
      qualificationId: row.qualification_id,
      effectiveFrom: iso(row.effective_from)!,
    });
  }
  for (const row of trainings.rows) {
    (people.get(row.person_id)?.trainings as PersonRecord['trainings'][number][] | undefined)?.push({
      revisionId: row.revision_id,
      completedAt: iso(row.completed_at)!,
    });
  }
  return people;
}

/** Documents by id, with every revision and obsolescence. */
export async function loadDocuments(db: Queryable, schema: string, documentIds: readonly string[]): Promise<Map<string, DocumentFacts & { rows: any[] }>> {
  const ids = [...new Set(documentIds)];
  const documents = new Map<string, DocumentFacts & { rows: any[] }>();
  if (ids.length === 0) return documents;
  const [revisions, obsolescences] = await Promise.all([
    db.query(`SELECT * FROM ${schema}.trace_document_revisions WHERE document_id = ANY($1::text[]) ORDER BY document_id, stream_version`, [ids]),
    db.query(
      `SELECT document_id, revision_id, effective_from, reason FROM ${schema}.trace_document_obsolescences
       WHERE document_id = ANY($1::text[]) ORDER BY document_id, stream_version`,
      [ids],
    ),
  ]);
  for (const row of revisions.rows) {
    let document = documents.get(row.document_id);
    if (!document) {
      document = { documentId: row.document_id, siteId: row.site_id, kind: row.kind, revisions: [], obsolescences: [], rows: [] };
      documents.set(row.document_id, document);
    }
    document.rows.push(row);
    (document.revisions as DocumentRecord['revisions'][number][]).push({
      documentId: row.document_id,
      revision: row.revision,
      revisionId: row.revision_id,
      effectiveFrom: iso(row.effective_from)!,
      requiresTraining: row.requires_training,
      operations: row.operations ?? [],
      recorded: row.stream_version,
    });
  }
  for (const row of obsolescences.rows) {
    (documents.get(row.document_id)?.obsolescences as DocumentRecord['obsolescences'][number][] | undefined)?.push({
      revisionId: row.revision_id,
      effectiveFrom: iso(row.effective_from)!,
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
