import { ProjectionRunner } from '@lotstream/messaging';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { EventLog, interleave, project, seededRandom } from '../../traceability/recorded-events';
import { shippedPerCustomer, shippedQuantityReadModel } from './shipped-quantity.projection';

// docs/architecture.md, "To add a read model": the fixture is one file (its table, handler and
// query) plus its place in a list — here the list a runner is built with. Everything else — schema,
// DDL, dedupe on redelivery, checkpoints — comes from the projection machinery unchanged.
describe('a read model added in one file (architecture fixture)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('is projected by the standard runner, redelivery and interleaving included', async () => {
    const log = new EventLog();
    log.registerLot('L-1');
    log.registerLot('L-2');
    log.ship('L-1', 'SH-1', 'ACME', 3);
    log.ship('L-2', 'SH-2', 'ACME', 4);
    log.ship('L-2', 'SH-3', 'Globex', 5);
    const runner = new ProjectionRunner(db.pool, [shippedQuantityReadModel], 'rm_fixture');
    await runner.ensureSchema();
    const random = seededRandom(7);
    const shuffled = interleave(log.events, random);
    await project(runner, [...shuffled, ...shuffled], 2);
    expect(await shippedPerCustomer(db.pool, 'rm_fixture')).toEqual({ ACME: 7, Globex: 5 });
  });
});
