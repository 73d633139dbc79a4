import type { Pool, PoolClient } from 'pg';
import type { AppendRequest, StoredIdempotentResponse } from './event-store.types';

export async function findIdempotent(db: Pool | PoolClient, key: string): Promise<StoredIdempotentResponse | undefined> {
  const { rows } = await db.query({
    name: 'lotstream_find_idempotent',
    text: 'SELECT request_hash, status, response FROM idempotency_keys WHERE key = $1',
    values: [key],
  });
  if (rows.length === 0) return undefined;
  return { requestHash: rows[0].request_hash, status: rows[0].status, response: rows[0].response };
}

/** The stored answers of many idempotency keys in one query (absent keys are absent from the map). */
export async function findIdempotentMany(db: Pool | PoolClient, keys: string[]): Promise<Map<string, StoredIdempotentResponse>> {
  const stored = new Map<string, StoredIdempotentResponse>();
  if (keys.length === 0) return stored;
  const { rows } = await db.query('SELECT key, request_hash, status, response FROM idempotency_keys WHERE key = ANY($1::text[])', [keys]);
  for (const r of rows) stored.set(r.key, { requestHash: r.request_hash, status: r.status, response: r.response });
  return stored;
}

/** The idempotency records of a batch's keys, in one query. */
export function storedResponsesOf(db: Pool | PoolClient, requests: AppendRequest[]): Promise<Map<string, StoredIdempotentResponse>> {
  return findIdempotentMany(
    db,
    requests.flatMap((r) => (r.idempotency ? [r.idempotency.key] : [])),
  );
}
