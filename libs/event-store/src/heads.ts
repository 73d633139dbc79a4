import type { Pool, PoolClient } from 'pg';

/** Where a stream stands: its version (0: no stream) and the hash of its last event. */
export interface Head {
  version: number;
  hash: string | null;
}

export const NO_HEAD: Head = { version: 0, hash: null };

const CACHED_HEADS = 10000;

/** Recently seen stream heads (bounded); only ever a hint, never trusted without the conditional write. */
export class HeadCache {
  private readonly heads = new Map<string, Head>();

  get(streamId: string): Head | undefined {
    return this.heads.get(streamId);
  }

  remember(streamId: string, head: Head | undefined): void {
    if (!head) return;
    if (this.heads.size >= CACHED_HEADS) this.heads.delete(this.heads.keys().next().value as string);
    this.heads.set(streamId, head);
  }

  /** Remembers the last of a whole stream just read (nothing for an empty one). */
  rememberLastOf(streamId: string, events: ReadonlyArray<{ streamVersion: number; hash: string }>): void {
    const last = events[events.length - 1];
    this.remember(streamId, last ? { version: last.streamVersion, hash: last.hash } : undefined);
  }

  forget(streamIds: Iterable<string>): void {
    for (const streamId of streamIds) this.heads.delete(streamId);
  }
}

export async function readHead(db: Pool | PoolClient, streamId: string): Promise<Head> {
  const { rows } = await db.query({ name: 'lotstream_read_head', text: 'SELECT version, head_hash FROM streams WHERE stream_id = $1', values: [streamId] });
  return rows.length === 0 ? { ...NO_HEAD } : { version: rows[0].version, hash: rows[0].head_hash };
}

/** The heads of the streams that exist among `streamIds`. */
export async function readHeads(db: Pool | PoolClient, streamIds: string[]): Promise<Map<string, Head>> {
  const { rows } = await db.query('SELECT stream_id, version, head_hash FROM streams WHERE stream_id = ANY($1::text[])', [streamIds]);
  return new Map(rows.map((r) => [r.stream_id as string, { version: r.version as number, hash: r.head_hash as string }]));
}

/**
 * The heads of a batch's streams, locked in one order (stream id) so that two batches over the same
 * streams queue, never deadlock. Only in a transaction.
 */
export async function lockHeads(tx: PoolClient, streamIds: string[]): Promise<Map<string, Head>> {
  const { rows } = await tx.query({
    name: 'lotstream_lock_heads',
    text: 'SELECT stream_id, version, head_hash FROM streams WHERE stream_id = ANY($1::text[]) ORDER BY stream_id FOR UPDATE',
    values: [streamIds],
  });
  return new Map<string, Head>(rows.map((r) => [r.stream_id as string, { version: r.version as number, hash: r.head_hash as string }]));
}
