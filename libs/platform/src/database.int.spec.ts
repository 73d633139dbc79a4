import { createTestDatabase, TestDatabase } from '@lotstream/testing';

describe('pooled sessions', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(2);
  });
  afterAll(() => db.close());

  it('run without JIT and with the transaction and statement timeouts, on every connection of the pool', async () => {
    const clients = await Promise.all([db.pool.connect(), db.pool.connect()]);
    try {
      for (const client of clients) {
        const { rows } = await client.query(
          `SELECT current_setting('jit') AS jit, current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle`,
        );
        expect(rows[0]).toEqual({ jit: 'off', statement: '5min', idle: '1min' });
      }
    } finally {
      for (const client of clients) client.release();
    }
  });
});
