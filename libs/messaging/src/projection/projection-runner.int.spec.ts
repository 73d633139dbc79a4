import { ALL_READ_MODELS } from '@lotstream/schema';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { ProjectionRunner } from './projection-runner';

jest.setTimeout(120_000);

// Two projector instances of one deployment start together and both make sure the read-model schema
// exists: neither may fail on the other's half-created tables.
describe('ProjectionRunner.ensureSchema', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.close());

  it('creates one schema from several instances at once, every time', async () => {
    for (let round = 1; round <= 4; round++) {
      const schema = `rm_concurrent_${round}`;
      const runners = Array.from({ length: 4 }, () => new ProjectionRunner(db.pool, ALL_READ_MODELS, schema));
      const outcomes = await Promise.allSettled(runners.map((runner) => runner.ensureSchema()));
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
      const { rows } = await db.pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1`, [schema]);
      const expected = ['applied_events', 'checkpoints', ...ALL_READ_MODELS.flatMap((m) => m.tables)];
      expect(expected.filter((table) => !rows.some((r) => r.tablename === table))).toEqual([]);
    }
  });
});
