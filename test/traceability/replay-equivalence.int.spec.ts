import fc from 'fast-check';
import { ProjectionRunner } from '@lotstream/messaging';
import { PartConsistencyQuery, partConsistencyReadModel } from '@lotstream/repeatability';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { EquipmentQueries, LotQueries, PeopleDocumentQueries, PrototypeQueries, TRACEABILITY_READ_MODELS } from '@lotstream/traceability';
import { dumpTables, interleave, project, seededRandom } from './recorded-events';
import { randomShop } from './scenario';

/**
 * Replay-equivalence: the projector may see events of different streams — and one lot's production
 * and quality events, which travel on two topics — in any interleaving, and may see some twice.
 * The read models must end up exactly as a replay in global order leaves them.
 */
/** The traceability read models, and part consistency: the other lot read model that follows step corrections. */
const MODELS = [...TRACEABILITY_READ_MODELS, partConsistencyReadModel];

describe('traceability read models (property): replay-equivalence', () => {
  let db: TestDatabase;
  let run = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives identical tables and answers for global order and any cross-stream, cross-topic interleaving with redeliveries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer(), fc.integer({ min: 10, max: 80 }), async (shopSeed, orderSeed, size) => {
        const { log, lots, gauges, machines, builds, people, documents } = randomShop(shopSeed, size);
        const a = `rm_a_${run}`;
        const b = `rm_b_${run++}`;
        const inOrder = new ProjectionRunner(db.pool, MODELS, a);
        const shuffled = new ProjectionRunner(db.pool, MODELS, b);
        await inOrder.ensureSchema();
        await shuffled.ensureSchema();
        await project(inOrder, log.events);
        const random = seededRandom(orderSeed);
        const interleaved = interleave(log.events, random);
        // A feed that crashed before its checkpoint re-sends a stretch of what it already applied.
        const redelivered = interleaved.flatMap((event) => (random() < 0.1 ? [event, event] : [event]));
        await project(shuffled, redelivered, 25);
        try {
          expect(await dumpTables(db.pool, b, MODELS)).toEqual(await dumpTables(db.pool, a, MODELS));
          const now = new Date('2026-03-01T00:00:00Z');
          const answers = async (schema: string) => {
            const lotQueries = new LotQueries(db.pool, schema);
            const equipmentQueries = new EquipmentQueries(db.pool, schema);
            const prototypeQueries = new PrototypeQueries(db.pool, schema);
            const peopleQueries = new PeopleDocumentQueries(db.pool, schema);
            const consistency = new PartConsistencyQuery(db.pool, schema);
            return {
              consistency: await Promise.all(lots.map((lot) => consistency.consistency(`PN-${lot}`))),
              lots: await Promise.all(
                lots.map(async (lot) => ({
                  summary: await lotQueries.summary(lot),
                  history: await lotQueries.history(lot),
                  forward: await lotQueries.genealogy(lot, { direction: 'forward' }),
                  backward: await lotQueries.genealogy(lot, { direction: 'backward' }, ['SITE-A']),
                })),
              ),
              equipment: await Promise.all(
                [...gauges, ...machines].map(async (id) => ({ status: await equipmentQueries.status(id, now), impact: await equipmentQueries.impact(id) })),
              ),
              studies: await Promise.all(gauges.flatMap((id) => [1, 2].map((n) => equipmentQueries.msaStudy(id, `MSA-${id}-${n}`)))),
              builds: await Promise.all(builds.map((build) => prototypeQueries.buildRecord(build))),
              people: await Promise.all(people.map(async (id) => ({ person: await peopleQueries.person(id, now), impact: await peopleQueries.impact(id) }))),
              documents: await Promise.all(
                documents.map(async (id) => ({ document: await peopleQueries.document(id, now), gaps: await peopleQueries.trainingGaps(id, now) })),
              ),
            };
          };
          const expected = await answers(a);
          // Two gauge R&R studies on each of two gauges (scenario.ts): the comparison is not of empty answers.
          expect(expected.studies.filter(Boolean)).toHaveLength(4);
          expect(await answers(b)).toEqual(expected);
        } finally {
          await db.pool.query(`DROP SCHEMA ${a} CASCADE; DROP SCHEMA ${b} CASCADE`);
        }
      }),
      { numRuns: 10 },
    );
  }, 300_000);

  it('keeps prototype events out of every lot table', async () => {
    const { log } = randomShop(42, 200);
    const runner = new ProjectionRunner(db.pool, TRACEABILITY_READ_MODELS, 'rm_prototype_check');
    await runner.ensureSchema();
    await project(runner, log.events);
    const { rows } = await db.pool.query(
      `SELECT (SELECT count(*) FROM rm_prototype_check.trace_lot_events WHERE type LIKE 'Prototype%')
            + (SELECT count(*) FROM rm_prototype_check.trace_gauge_inspections WHERE inspection_id LIKE 'PI%')
            + (SELECT count(*) FROM rm_prototype_check.trace_lots WHERE part_number = 'PN-PROTO') AS leaked,
              (SELECT count(*) FROM rm_prototype_check.trace_prototype_events) AS prototype_events`,
    );
    expect(Number(rows[0].leaked)).toBe(0);
    expect(Number(rows[0].prototype_events)).toBeGreaterThan(0);
  });
});
