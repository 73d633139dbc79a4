import fc from 'fast-check';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { iso, isoText } from '@lotstream/traceability';

/** isoText (PostgreSQL formats the instant) must answer what iso() answers from node-pg's Date. */
describe('isoText', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(2);
  });
  afterAll(() => db.close());

  it('equals iso() of the Date node-pg reads, to the microsecond cut, whatever the session time zone', async () => {
    // Recorded instants: years 1900–2999 after their offset, microseconds as the store keeps them.
    const instants = fc.sample(fc.bigInt({ min: -2208988800000000n - 86400000000n, max: 32503680000000000n - 1n }), { numRuns: 2000, seed: 20261208 });
    const edges = [-2208988800000000n, 0n, 999n, 999999n, 1000000n - 1n, 1764000000000001n, 32503679999999999n];
    const micros = [...edges, ...instants].map(String);
    const client = await db.pool.connect();
    try {
      for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns']) {
        await client.query(`SET TIME ZONE '${zone}'`);
        const { rows } = await client.query(
          `SELECT t AS instant, ${isoText('t')} AS text FROM unnest($1::bigint[]) AS u(m), LATERAL (SELECT to_timestamp(0) + make_interval(secs => 0) + (m || ' microseconds')::interval AS t) x`,
          [micros],
        );
        expect(rows).toHaveLength(micros.length);
        const differing = rows.filter((row) => iso(row.instant) !== row.text);
        expect(differing).toEqual([]);
      }
    } finally {
      await client.query('RESET TIME ZONE');
      client.release();
    }
  });
});
