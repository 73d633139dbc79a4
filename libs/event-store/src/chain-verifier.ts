import type { Pool, PoolClient } from 'pg';
import type { VerifyResult } from './event-store.types';
import { linkHash } from './hash-chain';
import { recordedEventOfRow } from './row-mapping';
import { withTransaction } from './with-transaction';

/**
 * Hash-chain verification, set-based in PostgreSQL (PostgresEventStore.verify delegates here).
 *
 * Every check is a property of one event, of one event and its predecessor, or of one stream and its
 * head, so no order of reading is needed: one statement — a parallel scan of the events with a hash
 * join to their predecessors (stream id, version - 1) and to their heads — finds, per kind of break,
 * the smallest position where it occurs, recomputing hash format v2 in the server
 * (`events_link_hash_v2`). Only format v1 (hashed before the 1764000400000 migration) needs Node,
 * and only for those rows, in position order below the first break already found.
 *
 * The first broken event is the one of smallest position; for one event the reasons rank as the
 * stream-order verifier had them (a missing version, then the previous hash, then the content).
 * Head breaks (a removed tail, an altered or missing head) have no position and come after every
 * event break, by stream id. `checked` counts the events that verified before the first break (in
 * position order), or all of them when the chains are intact.
 *
 * Everything runs in one read-only REPEATABLE READ transaction, so that an append committed meanwhile
 * is seen by every query or by none (a head read before its stream's last append would look altered).
 * A read-only transaction takes no transaction id: it holds back no safe-order reader.
 */
export async function verifyChains(pool: Pool, streamId?: string, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  return withTransaction(
    pool,
    async (client) => {
      // The predecessor hash table holds (stream id, version, hash) of every event: ~130 bytes each.
      // With the default 4 MB it would spill to many batches on disk; 128 MB (times hash_mem_multiplier
      // and the parallel participants) keeps a few million events in one. A whole-store verify may also
      // outlast the pool's statement timeout.
      // The pool's sessions run without JIT (short lookups); this scan over every event may use it.
      await client.query(`SET LOCAL work_mem = '128MB'; SET LOCAL statement_timeout = 0; SET LOCAL jit = on`);
      // Over the whole store the planner prefers one memoized index probe per event for the predecessor
      // (the memo never hits: each predecessor is wanted once); the parallel hash join costs half as much.
      if (streamId == null) await client.query('SET LOCAL enable_nestloop = off');
      return verifyInSnapshot(client, streamId ?? null, onProgress);
    },
    'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  );
}

interface Scan {
  events: number;
  streams: number;
  headsMatched: number;
  headless: number;
  v1Count: number;
  v1First: string | null;
  v1Last: string | null;
  unknownFormat: string | null;
  versionMissing: string | null;
  prevHashDiffers: string | null;
  contentDiffers: string | null;
}

// $1: one stream id, or null for the whole store. Positions are compared as bigint, returned as text.
const SCAN_SQL = `
  SELECT count(*)::bigint AS events,
         (SELECT count(*) FROM streams WHERE $1::text IS NULL OR stream_id = $1)::bigint AS streams,
         count(*) FILTER (WHERE e.stream_version = s.version AND e.hash = s.head_hash)::bigint AS heads_matched,
         count(*) FILTER (WHERE s.stream_id IS NULL OR e.stream_version > s.version)::bigint AS headless,
         count(*) FILTER (WHERE e.hash_version = 1)::bigint AS v1_count,
         min(e.position) FILTER (WHERE e.hash_version = 1)::text AS v1_first,
         max(e.position) FILTER (WHERE e.hash_version = 1)::text AS v1_last,
         min(e.position) FILTER (WHERE e.hash_version NOT IN (1, 2))::text AS unknown_format,
         min(e.position) FILTER (WHERE e.stream_version > 1 AND p.stream_version IS NULL)::text AS version_missing,
         min(e.position) FILTER (WHERE (e.stream_version = 1 OR p.stream_version IS NOT NULL) AND e.prev_hash IS DISTINCT FROM p.hash)::text AS prev_hash_differs,
         min(e.position) FILTER (WHERE e.hash_version = 2 AND e.hash IS DISTINCT FROM events_link_hash_v2(e.event_id, e.stream_id,
                e.stream_version, e.type, e.schema_version, e.data, e.metadata, e.occurred_at, e.recorded_at, e.prev_hash))::text AS content_differs
  FROM events e
  LEFT JOIN events p ON p.stream_id = e.stream_id AND p.stream_version = e.stream_version - 1
  LEFT JOIN streams s ON s.stream_id = e.stream_id
  WHERE $1::text IS NULL OR e.stream_id = $1`;

async function verifyInSnapshot(db: PoolClient, streamId: string | null, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  const { rows } = await db.query(SCAN_SQL, [streamId]);
  const r = rows[0];
  const scan: Scan = {
    events: Number(r.events),
    streams: Number(r.streams),
    headsMatched: Number(r.heads_matched),
    headless: Number(r.headless),
    v1Count: Number(r.v1_count),
    v1First: r.v1_first,
    v1Last: r.v1_last,
    unknownFormat: r.unknown_format,
    versionMissing: r.version_missing,
    prevHashDiffers: r.prev_hash_differs,
    contentDiffers: r.content_differs,
  };
  // Ranked as the stream-order verifier checked an event: version, previous hash, then content.
  const candidates: Array<{ position: string | null; reason: 'version' | 'previous' | 'content' | 'format' }> = [
    { position: scan.versionMissing, reason: 'version' },
    { position: scan.prevHashDiffers, reason: 'previous' },
    { position: scan.contentDiffers, reason: 'content' },
    { position: scan.unknownFormat, reason: 'format' },
  ];
  let first = earliest(candidates);
  const v2Checked = scan.events - scan.v1Count;
  if (scan.v1Count > 0) {
    const v1Broken = await firstV1ContentBreak(db, streamId, scan.v1First!, first?.position ?? scan.v1Last!, first !== undefined, (n) =>
      onProgress?.(v2Checked + n),
    );
    // A v1 row below every SQL-found break: strictly earlier, so it is the first.
    if (v1Broken) first = { position: v1Broken, reason: 'content' };
  }
  if (first) return eventBreak(db, streamId, first.position, first.reason);
  if (scan.headsMatched !== scan.streams || scan.headless > 0) {
    // Same snapshot as the counts, so a stream is found; if none were (duplicate rows a superuser
    // forced in past the unique constraints), the verdict still says broken.
    const head = (await firstHeadBreak(db, streamId)) ?? { streamId: streamId ?? '*', streamVersion: 0, reason: 'stream heads and events disagree' };
    return { ok: false, checked: scan.events, firstBroken: { ...head, position: '' } };
  }
  onProgress?.(scan.events);
  return { ok: true, checked: scan.events };
}

function earliest<T extends { position: string | null }>(candidates: T[]): (T & { position: string }) | undefined {
  let best: (T & { position: string }) | undefined;
  // Strictly smaller only: at equal positions the earlier-ranked reason stays.
  for (const c of candidates) if (c.position !== null && (!best || BigInt(c.position) < BigInt(best.position))) best = c as T & { position: string };
  return best;
}

/**
 * Format v1 content, recomputed in Node for the v1 rows from `from` up to `to` in position order
 * (below `to` only when `to` is a break already found). The first mismatch, if any.
 */
async function firstV1ContentBreak(
  db: PoolClient,
  streamId: string | null,
  from: string,
  to: string,
  toIsBreak: boolean,
  onProgress: (checked: number) => void,
): Promise<string | undefined> {
  let cursor = (BigInt(from) - 1n).toString();
  let checked = 0;
  for (;;) {
    const { rows } = await db.query(
      `SELECT position::text AS position, event_id, stream_id, stream_version, type, schema_version, data, metadata,
              occurred_at, recorded_at, prev_hash, hash
         FROM events
        WHERE hash_version = 1 AND position > $1 AND (position < $2 OR (position = $2 AND NOT $3)) AND ($4::text IS NULL OR stream_id = $4)
        ORDER BY position LIMIT 5000`,
      [cursor, to, toIsBreak, streamId],
    );
    for (const row of rows) {
      const expected = linkHash(recordedEventOfRow(row));
      if (expected !== row.hash) return row.position;
      checked++;
    }
    if (rows.length < 5000) return undefined;
    cursor = rows[rows.length - 1].position;
    onProgress(checked);
  }
}

const REASONS = {
  previous: 'previous hash does not match',
  content: 'content does not match its hash',
} as const;

async function eventBreak(
  db: PoolClient,
  streamId: string | null,
  position: string,
  reason: 'version' | 'previous' | 'content' | 'format',
): Promise<VerifyResult> {
  const { rows } = await db.query(
    `SELECT e.stream_id, e.stream_version, e.hash_version,
            (SELECT coalesce(max(b.stream_version), 0) FROM events b WHERE b.stream_id = e.stream_id AND b.stream_version < e.stream_version) AS before,
            (SELECT count(*) FROM events c WHERE c.position < e.position AND ($2::text IS NULL OR c.stream_id = $2))::bigint AS checked
       FROM events e WHERE e.position = $1`,
    [position, streamId],
  );
  const event = rows[0];
  const text =
    reason === 'version'
      ? // The first version missing before this event, as a reader going up the stream meets it.
        `version ${event.before + 1} is missing`
      : reason === 'format'
        ? `hash format ${event.hash_version} is unknown`
        : REASONS[reason];
  return { ok: false, checked: Number(event.checked), firstBroken: { streamId: event.stream_id, streamVersion: event.stream_version, position, reason: text } };
}

/** The first stream (by id) whose head does not stand on its last event; streams without events last. */
async function firstHeadBreak(db: PoolClient, streamId: string | null): Promise<{ streamId: string; streamVersion: number; reason: string } | undefined> {
  const { rows } = await db.query(
    `SELECT stream_id, version, last_version FROM (
       SELECT s.stream_id, s.version, l.last_version
         FROM streams s
         LEFT JOIN LATERAL (SELECT max(stream_version) AS last_version FROM events WHERE stream_id = s.stream_id) l ON true
         LEFT JOIN events e ON e.stream_id = s.stream_id AND e.stream_version = s.version
        WHERE ($1::text IS NULL OR s.stream_id = $1) AND (e.hash IS DISTINCT FROM s.head_hash OR l.last_version IS DISTINCT FROM s.version)
       UNION ALL
       SELECT e.stream_id, NULL, max(e.stream_version)
         FROM events e LEFT JOIN streams s ON s.stream_id = e.stream_id
        WHERE s.stream_id IS NULL AND ($1::text IS NULL OR e.stream_id = $1)
        GROUP BY e.stream_id
     ) broken
     ORDER BY last_version IS NULL, stream_id LIMIT 1`,
    [streamId],
  );
  if (rows.length === 0) return undefined;
  const row = rows[0];
  if (row.last_version === null) return { streamId: row.stream_id, streamVersion: row.version, reason: 'stream head exists but its events are gone' };
  return { streamId: row.stream_id, streamVersion: row.last_version, reason: 'stream head does not match the last event (events removed or head altered)' };
}
