import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { canonicalJson } from './canonical-json';

/** The store at one snapshot, summed up: what a global checkpoint records and later compares. */
export interface StoreDigest {
  maxPosition: string;
  eventCount: number;
  streamCount: number;
  headsHash: string;
}

const PAGE = 10000;

/**
 * Reads every event visible in `snapshot` (or in the current transaction when omitted) in stream
 * order, a page at a time, and hashes the last event of each stream. Linear in the number of events.
 */
export async function digestStore(db: Pool | PoolClient, snapshot?: string): Promise<StoreDigest> {
  const heads = createHash('sha256');
  let streamCount = 0;
  let eventCount = 0;
  let maxPosition = 0n;
  let cursor = { streamId: '', version: 0 };
  let current: { streamId: string; version: number; hash: string } | undefined;
  for (;;) {
    const { rows } = await db.query(
      `SELECT stream_id, stream_version, hash, position::text AS position FROM events
       WHERE (stream_id, stream_version) > ($1::text, $2::int)
         AND ($3::text IS NULL OR pg_visible_in_snapshot(transaction_id, $3::text::pg_snapshot))
       ORDER BY stream_id, stream_version LIMIT ${PAGE}`,
      [cursor.streamId, cursor.version, snapshot ?? null],
    );
    for (const row of rows) {
      if (current && current.streamId !== row.stream_id) {
        heads.update(`${canonicalJson([current.streamId, current.version, current.hash])}\n`);
        streamCount++;
      }
      current = { streamId: row.stream_id, version: row.stream_version, hash: row.hash };
      eventCount++;
      const position = BigInt(row.position);
      if (position > maxPosition) maxPosition = position;
    }
    if (rows.length < PAGE) break;
    cursor = { streamId: current!.streamId, version: current!.version };
  }
  if (current) {
    heads.update(`${canonicalJson([current.streamId, current.version, current.hash])}\n`);
    streamCount++;
  }
  return { maxPosition: maxPosition.toString(), eventCount, streamCount, headsHash: heads.digest('hex') };
}
