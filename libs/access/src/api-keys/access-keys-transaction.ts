import type { Pool, PoolClient } from 'pg';
import { PostgresEventStore, withTransaction } from '@lotstream/event-store';
import type { Clock } from '@lotstream/platform';

/** Postgres codes of a write that lost a race inside the transaction (the retry sees the winner). */
const RACE_LOST = new Set(['25P02', '23505', '40P01']);
const ATTEMPTS = 3;

/**
 * Runs `work` in one transaction in which the `access-keys` appends commit together with the
 * `api_keys` row they describe: the store handed to `work` writes on the transaction's own
 * connection, so a failed append leaves no key and no revocation, and a failed COMMIT leaves no
 * event either. Authentication reads the row on the very next request, so a table catching up
 * later from the stream would let a revoked key in meanwhile.
 *
 * A unique violation inside the transaction (a twin with the same Idempotency-Key, the first event
 * of the stream written twice at once) aborts it where a lone append would have looked again: the
 * whole work is run again, and then finds what the winner wrote.
 */
export async function inAccessKeysTransaction<T>(pool: Pool, clock: Clock, work: (tx: PoolClient, store: PostgresEventStore) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let open = true;
    try {
      return await withTransaction(pool, (tx) => {
        // The store wakes subscribers a few milliseconds after an append; once this transaction is
        // over, that wake-up goes through the pool instead of the returned connection.
        const query = (...args: unknown[]) => (open ? tx.query : pool.query).apply(open ? tx : pool, args as never);
        const db = {
          query,
          get ending() {
            return pool.ending;
          },
        } as unknown as Pool;
        return work(tx, new PostgresEventStore(db, clock));
      });
    } catch (error) {
      if (attempt < ATTEMPTS && RACE_LOST.has((error as { code?: string }).code ?? '')) continue;
      throw error;
    } finally {
      open = false;
    }
  }
}
