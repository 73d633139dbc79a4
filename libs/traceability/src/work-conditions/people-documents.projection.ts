import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { CorrectionFacts, correctedInstant, correctedText, FactTable, factReadModel, type ReadModel } from '@lotstream/messaging';
import { instantOrNull, lotNumberOf, textOrNull } from '../facts';

const PERSON_PREFIX = 'person-';
const DOCUMENT_PREFIX = 'document-';

const PERSONS = new FactTable(
  'trace_persons',
  [
    ['person_id', 'text'],
    ['name', 'text'],
    ['site_id', 'text'],
    ['employee_ref', 'text', 'nullable'],
    ['registered_at', 'timestamptz'],
  ],
  ['person_id'],
);

const QUALIFICATIONS = new FactTable(
  'trace_qualifications',
  [
    ['person_id', 'text'],
    ['stream_version', 'integer'],
    ['qualification_id', 'text'],
    ['operation', 'text'],
    ['work_center', 'text', 'nullable'],
    ['valid_from', 'timestamptz'],
    ['valid_until', 'timestamptz', 'nullable'],
    ['granted_by', 'text', 'nullable'],
    ['evidence_ref', 'text', 'nullable'],
  ],
  ['person_id', 'stream_version'],
  [{ name: 'trace_qualifications_operation', on: ['operation'] }],
);

const REVOCATIONS = new FactTable(
  'trace_qualification_revocations',
  [
    ['person_id', 'text'],
    ['stream_version', 'integer'],
    ['qualification_id', 'text'],
    ['reason', 'text', 'nullable'],
    ['effective_from', 'timestamptz'],
  ],
  ['person_id', 'stream_version'],
);

const TRAININGS = new FactTable(
  'trace_trainings',
  [
    ['person_id', 'text'],
    ['stream_version', 'integer'],
    ['training_id', 'text'],
    ['revision_id', 'text'],
    ['completed_at', 'timestamptz'],
    ['trainer', 'text', 'nullable'],
    ['evidence_ref', 'text', 'nullable'],
  ],
  ['person_id', 'stream_version'],
  [{ name: 'trace_trainings_revision', on: ['revision_id'] }],
);

const REVISIONS = new FactTable(
  'trace_document_revisions',
  [
    ['document_id', 'text'],
    ['stream_version', 'integer'],
    ['revision', 'text'],
    ['revision_id', 'text'],
    ['title', 'text', 'nullable'],
    ['kind', 'text'],
    ['site_id', 'text'],
    ['operations', 'jsonb'],
    ['effective_from', 'timestamptz'],
    ['requires_training', 'boolean'],
    ['approved_by', 'text', 'nullable'],
  ],
  ['document_id', 'stream_version'],
  [{ name: 'trace_document_revisions_revision', on: ['revision_id'] }],
);

const OBSOLESCENCES = new FactTable(
  'trace_document_obsolescences',
  [
    ['document_id', 'text'],
    ['stream_version', 'integer'],
    ['revision_id', 'text'],
    ['effective_from', 'timestamptz'],
    ['reason', 'text', 'nullable'],
  ],
  ['document_id', 'stream_version'],
);

const WORK_STEPS = new FactTable(
  'trace_work_steps',
  [
    ['lot_number', 'text'],
    ['stream_version', 'integer'],
    ['step_id', 'text'],
    ['operation', 'text'],
    ['work_center', 'text'],
    ['operator_id', 'text'],
    ['sop_revision', 'text'],
    ['started_at', 'timestamptz'],
    ['completed_at', 'timestamptz'],
  ],
  ['lot_number', 'stream_version'],
  [
    { name: 'trace_work_steps_operator', on: ['operator_id', 'started_at'] },
    // A person's impact reads their steps through this index alone (an index-only scan), filtering
    // out the surely qualified ones before any table page is read.
    {
      name: 'trace_work_steps_operator_work',
      on: ['operator_id', 'operation', 'started_at'],
      include: ['completed_at', 'work_center', 'sop_revision', 'lot_number', 'step_id', 'stream_version'],
    },
    { name: 'trace_work_steps_revision', on: ['sop_revision', 'started_at'] },
  ],
);

/**
 * Corrections and voids of steps: a corrected step is judged on its corrected operation, work
 * centre, revision and times (person impact, documents' lots); a voided step leaves the table.
 */
const STEP_CORRECTIONS = new CorrectionFacts(
  'trace_work_step_corrections',
  {
    ProductionStepCompleted: {
      operation: correctedText,
      workCenter: correctedText,
      sopRevision: correctedText,
      startedAt: correctedInstant,
      completedAt: correctedInstant,
    },
  },
  [
    {
      table: 'trace_work_steps',
      eventType: 'ProductionStepCompleted',
      match: { eventVersion: 'stream_version' },
      columns: {
        operation: ['operation', 'text'],
        work_center: ['workCenter', 'text'],
        sop_revision: ['sopRevision', 'text'],
        started_at: ['startedAt', 'timestamptz'],
        completed_at: ['completedAt', 'timestamptz'],
      },
    },
  ],
);

/**
 * People, controlled documents and the work done by whom under which revision. Whether an operator
 * was qualified, or a revision in force, is never stored: it is answered at query time from these
 * facts (libs/domain work-conditions), so a retroactive revocation or a late obsolescence changes
 * the answer for the past without rewriting anything, whatever order the streams are projected in.
 */
export const peopleDocumentsReadModel: ReadModel = factReadModel(
  'people-documents',
  [PERSONS, QUALIFICATIONS, REVOCATIONS, TRAININGS, REVISIONS, OBSOLESCENCES, WORK_STEPS, STEP_CORRECTIONS.facts],
  applyPeopleDocuments,
);

export const PEOPLE_DOCUMENTS_TABLES = peopleDocumentsReadModel.tables;

async function applyPeopleDocuments(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  const persons = PERSONS.rows();
  const qualifications = QUALIFICATIONS.rows();
  const revocations = REVOCATIONS.rows();
  const trainings = TRAININGS.rows();
  const revisions = REVISIONS.rows();
  const obsolescences = OBSOLESCENCES.rows();
  const steps = WORK_STEPS.rows();
  const corrections = STEP_CORRECTIONS.rows();
  for (const event of events) {
    const d = event.data;
    const lotNumber = lotNumberOf(event);
    if (lotNumber !== undefined && corrections.take(event, lotNumber)) continue;
    // The write side validates every field; a malformed historical event must not stop the projector.
    if (event.streamId.startsWith(PERSON_PREFIX)) {
      const personId = event.streamId.slice(PERSON_PREFIX.length);
      if (event.type === 'PersonRegistered') {
        persons.add([personId, String(d.name ?? ''), String(d.siteId ?? event.metadata?.siteId ?? ''), textOrNull(d.employeeRef), event.occurredAt]);
      } else if (event.type === 'QualificationGranted') {
        const validFrom = instantOrNull(d.validFrom);
        if (!validFrom || typeof d.qualificationId !== 'string' || typeof d.operation !== 'string') continue;
        qualifications.add([
          personId,
          event.streamVersion,
          d.qualificationId,
          d.operation,
          textOrNull(d.workCenter),
          validFrom,
          instantOrNull(d.validUntil),
          textOrNull(d.grantedBy),
          textOrNull(d.evidenceRef),
        ]);
      } else if (event.type === 'QualificationRevoked') {
        const effectiveFrom = instantOrNull(d.effectiveFrom);
        if (!effectiveFrom || typeof d.qualificationId !== 'string') continue;
        revocations.add([personId, event.streamVersion, d.qualificationId, textOrNull(d.reason), effectiveFrom]);
      } else if (event.type === 'TrainingCompleted') {
        const completedAt = instantOrNull(d.completedAt);
        if (!completedAt || typeof d.revisionId !== 'string') continue;
        trainings.add([personId, event.streamVersion, String(d.trainingId ?? ''), d.revisionId, completedAt, textOrNull(d.trainer), textOrNull(d.evidenceRef)]);
      }
    } else if (event.streamId.startsWith(DOCUMENT_PREFIX)) {
      const documentId = event.streamId.slice(DOCUMENT_PREFIX.length);
      if (event.type === 'DocumentRevisionReleased') {
        const effectiveFrom = instantOrNull(d.effectiveFrom);
        if (!effectiveFrom || typeof d.revisionId !== 'string') continue;
        revisions.add([
          documentId,
          event.streamVersion,
          String(d.revision ?? ''),
          d.revisionId,
          textOrNull(d.title),
          String(d.kind ?? 'sop'),
          String(d.siteId ?? event.metadata?.siteId ?? ''),
          Array.isArray(d.operations) ? d.operations.filter((o: unknown) => typeof o === 'string') : [],
          effectiveFrom,
          d.requiresTraining === true,
          textOrNull(d.approvedBy),
        ]);
      } else if (event.type === 'DocumentRevisionObsoleted') {
        const effectiveFrom = instantOrNull(d.effectiveFrom);
        if (!effectiveFrom || typeof d.revisionId !== 'string') continue;
        obsolescences.add([documentId, event.streamVersion, d.revisionId, effectiveFrom, textOrNull(d.reason)]);
      }
    } else if (event.type === 'ProductionStepCompleted') {
      const startedAt = instantOrNull(d.startedAt);
      const completedAt = instantOrNull(d.completedAt);
      if (lotNumber === undefined || !startedAt || !completedAt) continue;
      if (typeof d.operatorId !== 'string' || typeof d.sopRevision !== 'string') continue;
      steps.add([
        lotNumber,
        event.streamVersion,
        String(d.stepId ?? ''),
        String(d.operation ?? ''),
        String(d.workCenter ?? ''),
        d.operatorId,
        d.sopRevision,
        startedAt,
        completedAt,
      ]);
    }
  }
  await persons.flush(tx);
  await qualifications.flush(tx);
  await revocations.flush(tx);
  await trainings.flush(tx);
  await revisions.flush(tx);
  await obsolescences.flush(tx);
  await steps.flush(tx);
  await corrections.flush(tx);
}
