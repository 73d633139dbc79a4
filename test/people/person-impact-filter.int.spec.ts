// The person impact reads only the steps its store-side filter cannot prove qualified. This checks
// that filter against the rule itself on the real read model: for random people (qualifications
// with and without work centres, expiries, retroactive revocations, trainings) and steps placed on
// and a microsecond either side of every bound, the impact's steps are exactly the steps that
// judging every one of the person's steps with operatorQualifiedFor finds unqualified.
import { operatorQualifiedFor } from '@lotstream/domain';
import { ProjectionRunner } from '@lotstream/messaging';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { PeopleDocumentQueries, TRACEABILITY_READ_MODELS } from '@lotstream/traceability';
import { loadDocumentsOfRevisions, loadPeople } from '../../libs/traceability/src/work-conditions/work-conditions';
import { EventLog, project } from '../traceability/recorded-events';

const BASE = Date.parse('2026-03-01T00:00:00Z');
const DAY = 86_400_000;
/** An instant as PostgreSQL keeps it (microseconds), `micro` microseconds after `ms`. */
const at = (ms: number, micro = 0): string => {
  const iso = new Date(ms).toISOString();
  return micro === 0 ? iso : `${iso.slice(0, 23)}${String(micro).padStart(3, '0')}Z`;
};

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PEOPLE = 24;
const OPERATIONS = ['turning', 'milling'];

function shop(): EventLog {
  const log = new EventLog();
  const next = random(20261207);
  for (const [r, requiresTraining] of [
    ['C', false],
    ['D', true],
  ] as const) {
    log.append('document-SOP', 'DocumentRevisionReleased', {
      documentId: 'SOP',
      revision: r,
      revisionId: `SOP-${r}`,
      title: 'Turning',
      kind: 'sop',
      siteId: 'SITE-A',
      operations: OPERATIONS,
      effectiveFrom: at(BASE - 400 * DAY),
      requiresTraining,
      approvedBy: 'QE-1',
    });
  }
  log.registerLot('L');
  let version = 0;
  for (let k = 0; k < PEOPLE; k++) {
    const personId = `P-${k}`;
    const stream = `person-${personId}`;
    log.append(stream, 'PersonRegistered', { personId, name: `Operator ${k}`, siteId: 'SITE-A' });
    const bounds: number[] = [];
    for (let i = 0; i < 1 + Math.floor(next() * 3); i++) {
      const from = BASE + Math.floor(next() * 60) * DAY + Math.floor(next() * 1000);
      const until = next() < 0.5 ? undefined : from + (1 + Math.floor(next() * 40)) * DAY;
      const qualificationId = `Q-${k}-${i}`;
      log.append(stream, 'QualificationGranted', {
        qualificationId,
        operation: OPERATIONS[Math.floor(next() * 2)],
        ...(next() < 0.3 ? { workCenter: 'WC-1' } : {}),
        validFrom: at(from),
        ...(until === undefined ? {} : { validUntil: at(until) }),
        grantedBy: 'QE-1',
      });
      bounds.push(from);
      if (until !== undefined) bounds.push(until);
      if (next() < 0.4) {
        const revokedFrom = from + Math.floor((next() - 0.2) * 30 * DAY);
        log.append(stream, 'QualificationRevoked', { qualificationId, reason: 'certificate void', effectiveFrom: at(revokedFrom) });
        bounds.push(revokedFrom);
      }
    }
    if (next() < 0.7) {
      const completedAt = BASE + Math.floor(next() * 50) * DAY;
      log.append(stream, 'TrainingCompleted', { trainingId: `T-${k}`, revisionId: 'SOP-D', completedAt: at(completedAt), trainer: 'QE-1' });
      bounds.push(completedAt);
    }
    // Steps starting and ending on every bound, a microsecond and a millisecond either side, and at random.
    const starts = [...bounds.flatMap((b) => [b - 1, b, b + 1, b - DAY / 2]), ...Array.from({ length: 10 }, () => BASE + Math.floor(next() * 100 * DAY))];
    for (const start of starts) {
      for (const micro of [0, 1, 999]) {
        const ends = [start, start + DAY / 4, ...bounds.filter((b) => b >= start && b - start < 3 * DAY)];
        const end = ends[Math.floor(next() * ends.length)];
        log.append('lot-L', 'ProductionStepCompleted', {
          stepId: `S${++version}`,
          operation: OPERATIONS[Math.floor(next() * 2)],
          sequence: version,
          workCenter: next() < 0.5 ? 'WC-1' : 'WC-2',
          equipmentIds: [],
          operatorId: personId,
          sopRevision: next() < 0.5 ? 'SOP-C' : next() < 0.9 ? 'SOP-D' : 'SOP-X',
          startedAt: at(start, micro),
          completedAt: at(Math.max(end, start), micro === 999 ? 999 : 0),
          quantityIn: 1,
          quantityGood: 1,
          quantityScrapped: 0,
        });
      }
    }
  }
  return log;
}

describe('person impact: the store-side filter leaves out only steps the rule finds qualified', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    const runner = new ProjectionRunner(db.pool, TRACEABILITY_READ_MODELS);
    await runner.ensureSchema();
    await project(runner, shop().events);
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives, for every person, exactly the steps that judging all of them finds unqualified', async () => {
    const queries = new PeopleDocumentQueries(db.pool);
    const people = await loadPeople(
      db.pool,
      'rm',
      Array.from({ length: PEOPLE }, (_, k) => `P-${k}`),
    );
    const documents = await loadDocumentsOfRevisions(db.pool, 'rm', ['SOP-C', 'SOP-D']);
    let unqualified = 0;
    let judged = 0;
    for (let k = 0; k < PEOPLE; k++) {
      const personId = `P-${k}`;
      const { rows } = await db.pool.query(
        `SELECT step_id, operation, work_center, sop_revision, started_at, completed_at FROM rm.trace_work_steps WHERE operator_id = $1 ORDER BY started_at, lot_number, stream_version`,
        [personId],
      );
      judged += rows.length;
      const expected = rows
        .filter(
          (row) =>
            operatorQualifiedFor(people.get(personId), documents.get(row.sop_revision), {
              operation: row.operation,
              workCenter: row.work_center,
              revisionId: row.sop_revision,
              startedAt: row.started_at.toISOString(),
              completedAt: row.completed_at.toISOString(),
            }).qualified === false,
        )
        .map((row) => row.step_id);
      const impact = await queries.impact(personId);
      expect({ personId, steps: impact!.steps.map((s) => s.stepId) }).toEqual({ personId, steps: expected });
      unqualified += expected.length;
    }
    // The scenario exercises both sides: many steps left out by the filter, many kept.
    expect(unqualified).toBeGreaterThan(200);
    expect(judged - unqualified).toBeGreaterThan(200);
  });
});
