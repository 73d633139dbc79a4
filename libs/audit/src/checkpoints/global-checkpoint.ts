import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { canonicalJson, digestStore } from '@lotstream/event-store';

export { digestStore, type StoreDigest } from '@lotstream/event-store';

/**
 * Global checkpoint: a digest of the whole store at one database snapshot. Per-stream hash chains
 * cannot see a stream that lost its last events together with its head row, nor a stream removed
 * altogether; a digest over every stream head taken earlier can.
 */
export interface GlobalCheckpoint {
  id: string;
  createdAt: string;
  /** The PostgreSQL snapshot (`pg_snapshot`) the digest was taken in: the exact set of events it covers. */
  snapshot: string;
  maxPosition: string;
  eventCount: number;
  streamCount: number;
  /** sha256 over `[streamId, version, headHash]` of every stream, sorted by stream id. */
  headsHash: string;
  prevHash: string | null;
  /** sha256 over the fields above and the previous checkpoint's hash: the checkpoints form a chain. */
  hash: string;
  createdBy: string;
}

export type CheckpointVerdict =
  | { ok: true; checkpoint: GlobalCheckpoint | undefined; checked: number }
  | { ok: false; checkpoint: GlobalCheckpoint | undefined; checked: number; reason: string };

const CHECKPOINT_LOCK = 7411301;
const UNDEFINED_TABLE = '42P01';

function checkpointHash(c: Omit<GlobalCheckpoint, 'id' | 'hash'>): string {
  return createHash('sha256')
    .update(canonicalJson([c.createdAt, c.snapshot, c.maxPosition, c.eventCount, c.streamCount, c.headsHash, c.prevHash, c.createdBy]))
    .digest('hex');
}

function fromRow(row: any): GlobalCheckpoint {
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    snapshot: row.snapshot,
    maxPosition: row.max_position,
    eventCount: Number(row.event_count),
    streamCount: Number(row.stream_count),
    headsHash: row.heads_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
    createdBy: row.created_by,
  };
}

const COLUMNS = `id::text AS id, created_at, snapshot, max_position::text AS max_position, event_count, stream_count,
  heads_hash, prev_hash, hash, created_by`;

export class GlobalCheckpoints {
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Takes a checkpoint in one REPEATABLE READ transaction (digest and snapshot agree). With
   * `onlyIfChanged`, nothing is written when no event was added since the latest checkpoint.
   */
  async record(createdBy: string, options: { onlyIfChanged?: boolean } = {}): Promise<GlobalCheckpoint | undefined> {
    const client = await this.pool.connect();
    try {
      // Session lock before the snapshot is taken, so two writers never fork the chain.
      await client.query('SELECT pg_advisory_lock($1)', [CHECKPOINT_LOCK]);
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        const { rows: snap } = await client.query('SELECT pg_current_snapshot()::text AS snapshot');
        const previous = (await client.query(`SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY id DESC LIMIT 1`)).rows[0];
        const digest = await digestStore(client);
        if (options.onlyIfChanged && previous && previous.max_position === digest.maxPosition && Number(previous.event_count) === digest.eventCount) {
          await client.query('COMMIT');
          return undefined;
        }
        const fields = {
          createdAt: this.clock().toISOString(),
          snapshot: snap[0].snapshot as string,
          ...digest,
          prevHash: (previous?.hash as string | undefined) ?? null,
          createdBy,
        };
        const hash = checkpointHash(fields);
        const { rows } = await client.query(
          `INSERT INTO audit_checkpoints (created_at, snapshot, max_position, event_count, stream_count, heads_hash, prev_hash, hash, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
          [fields.createdAt, fields.snapshot, fields.maxPosition, fields.eventCount, fields.streamCount, fields.headsHash, fields.prevHash, hash, createdBy],
        );
        await client.query('COMMIT');
        return fromRow(rows[0]);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [CHECKPOINT_LOCK]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  async list(limit = 100): Promise<GlobalCheckpoint[]> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY id DESC LIMIT $1`, [limit]);
    return rows.map(fromRow);
  }

  /**
   * Checks the checkpoint chain (every row recomputes to its hash and links to its predecessor), then
   * recomputes the digest of the store as it stood in the chosen checkpoint's snapshot (the latest,
   * or the one whose hash an auditor kept) and compares. Events added since do not matter.
   */
  async verify(expectedHash?: string): Promise<CheckpointVerdict> {
    let all: GlobalCheckpoint[];
    try {
      all = (await this.pool.query(`SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY id`)).rows.map(fromRow);
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) return { ok: true, checkpoint: undefined, checked: 0 };
      throw error;
    }
    let previous: GlobalCheckpoint | undefined;
    for (const checkpoint of all) {
      if (checkpoint.prevHash !== (previous?.hash ?? null)) {
        return {
          ok: false,
          checkpoint,
          checked: 0,
          reason: `checkpoint ${checkpoint.id} does not link to its predecessor (a checkpoint was removed or altered)`,
        };
      }
      if (checkpointHash(checkpoint) !== checkpoint.hash) {
        return { ok: false, checkpoint, checked: 0, reason: `checkpoint ${checkpoint.id} does not match its own hash (altered)` };
      }
      previous = checkpoint;
    }
    const target = expectedHash ? all.find((c) => c.hash === expectedHash) : previous;
    if (expectedHash && !target) {
      return { ok: false, checkpoint: undefined, checked: 0, reason: `no checkpoint with hash ${expectedHash} (checkpoints were removed)` };
    }
    if (!target) return { ok: true, checkpoint: undefined, checked: 0 };
    const now = await digestStore(this.pool, target.snapshot);
    const differences: string[] = [];
    if (now.eventCount !== target.eventCount) differences.push(`${target.eventCount} events then, ${now.eventCount} now`);
    if (now.streamCount !== target.streamCount) differences.push(`${target.streamCount} streams then, ${now.streamCount} now`);
    if (now.maxPosition !== target.maxPosition) differences.push(`highest position ${target.maxPosition} then, ${now.maxPosition} now`);
    if (now.headsHash !== target.headsHash) differences.push('stream heads differ');
    if (differences.length > 0) {
      return {
        ok: false,
        checkpoint: target,
        checked: now.eventCount,
        reason: `the store no longer matches global checkpoint ${target.id} of ${target.createdAt}: ${differences.join('; ')}`,
      };
    }
    return { ok: true, checkpoint: target, checked: now.eventCount };
  }
}
