import type { Pool, PoolClient } from 'pg';
import type { ReadAllPage, ReadStreamOptions, ReadStreamsOptions, RecordedEvent } from './event-store.types';
import { EventRow, recordedEventOfRow } from './row-mapping';
import { Checkpoint, encodeCheckpoint, START } from './safe-order';
import type { StoreContext } from './store-context';

// Aliases shadow the columns in ORDER BY: order by the qualified events.* columns, never the text aliases.
const EVENT_COLUMNS = `position::text AS position, transaction_id::text AS transaction_id, event_id, stream_id,
  stream_category, stream_version, type, schema_version, data, metadata, occurred_at, recorded_at, prev_hash, hash, hash_version`;

/** A stored row as readers get it: in the current shape of its type unless told otherwise. */
export function recordedOf(ctx: StoreContext, row: EventRow, upcast = true): RecordedEvent {
  const event = recordedEventOfRow(row);
  return upcast ? ctx.upcasters.upcast(event) : event;
}

/**
 * One stream in version order, after a version, up to a version and/or as recorded at a moment. A
 * whole read refreshes the head cache (a partial one leaves it alone).
 */
export async function readStream(ctx: StoreContext, streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
  const { rows } = await ctx.pool.query({
    name: 'lotstream_read_stream',
    text: `SELECT ${EVENT_COLUMNS} FROM events
     WHERE stream_id = $1 AND ($2::int IS NULL OR stream_version <= $2) AND ($3::timestamptz IS NULL OR recorded_at <= $3)
       AND stream_version > COALESCE($4::int, 0)
     ORDER BY stream_version`,
    values: [streamId, options.toVersion ?? null, options.asOf ?? null, options.afterVersion ?? null],
  });
  const events = rows.map((row) => recordedOf(ctx, row, options.upcast ?? true));
  if (options.toVersion === undefined && options.asOf === undefined && options.afterVersion === undefined) ctx.heads.rememberLastOf(streamId, events);
  return events;
}

/**
 * Whole streams (current schema) in one query, each in version order: a batch's lots, gauges and input
 * lots. `types`: only the events of these types (a partial read, which leaves the head cache alone).
 */
export async function readStreams(ctx: StoreContext, streamIds: string[], options: ReadStreamsOptions = {}): Promise<Map<string, RecordedEvent[]>> {
  const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
  if (streams.size === 0) return streams;
  const types = options.types ?? null;
  const { rows } = await ctx.pool.query(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ANY($1::text[]) AND ($2::text[] IS NULL OR type = ANY($2::text[]))
     ORDER BY events.stream_id, events.stream_version`,
    [[...streams.keys()], types === null ? null : [...types]],
  );
  for (const row of rows) streams.get(row.stream_id)!.push(recordedOf(ctx, row));
  if (types === null) for (const [streamId, events] of streams) ctx.heads.rememberLastOf(streamId, events);
  return streams;
}

/**
 * Events after the checkpoint in safe order: only transactions older than every transaction still
 * in flight, ordered by (transaction id, position). A reader that follows it never skips an event
 * that commits later with a smaller position.
 */
export async function readAll(ctx: StoreContext, after: Checkpoint = START, limit = 1000, options: { upcast?: boolean } = {}): Promise<ReadAllPage> {
  const { rows } = await ctx.pool.query(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint)
       AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY events.transaction_id, events.position
     LIMIT $3`,
    [after.transactionId, after.position, limit],
  );
  const events = rows.map((row) => recordedOf(ctx, row, options.upcast ?? true));
  const last = events[events.length - 1];
  return { events, next: encodeCheckpoint(last ? { transactionId: last.transactionId, position: last.position } : after) };
}

/** Events after a checkpoint in safe order, visible yet or not (a tailing reader's lag, e.g. the relay's). */
export async function countAfter(db: Pool | PoolClient, after: Checkpoint): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM events WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint)`, [
    after.transactionId,
    after.position,
  ]);
  return rows[0].n;
}

/** Number of events and the newest recorded-at, for lag figures. */
export async function headPosition(db: Pool | PoolClient): Promise<{ position: string; recordedAt: string | null; count: string }> {
  const { rows } = await db.query(
    `SELECT coalesce(max(position), 0)::text AS position,
            (SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1) AS recorded_at,
            (SELECT count(*) FROM events)::text AS count FROM events`,
  );
  return { position: rows[0].position, recordedAt: rows[0].recorded_at?.toISOString() ?? null, count: rows[0].count };
}
