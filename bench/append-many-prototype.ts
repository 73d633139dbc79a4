import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { AppendRequest, linkHash, streamCategoryOf } from '@lotstream/event-store';

/**
 * Prototype of the fix proposed for the /v1/batch figure (docs/performance.md): write a batch of
 * independent single-stream appends with a constant number of statements — lock the heads of the
 * streams involved, check every expected version and chain the hashes in memory, then one INSERT of
 * all events, one upsert of all heads and one INSERT of all idempotency records — instead of
 * SAVEPOINT + append + RELEASE per item (PostgresEventStore.appendMany). Items whose expected
 * version does not match are reported and skipped, as appendMany does. Not a product path: no
 * handling of a concurrent twin's idempotency record or of a stream created concurrently (those
 * would fall back to the per-item path).
 */
export async function appendManyInFewStatements(pool: Pool, requests: AppendRequest[]): Promise<{ appended: number; conflicts: number }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const streamIds = [...new Set(requests.map((r) => r.streamId))];
    const { rows } = await client.query(`SELECT stream_id, version, head_hash FROM streams WHERE stream_id = ANY($1::text[]) ORDER BY stream_id FOR UPDATE`, [streamIds]);
    const heads = new Map<string, { version: number; hash: string | null; created: boolean }>(
      rows.map((r) => [r.stream_id as string, { version: r.version as number, hash: r.head_hash as string, created: false }]),
    );
    const recordedAt = new Date();
    const recordedAtIso = recordedAt.toISOString();
    const cols = { id: [] as string[], stream: [] as string[], category: [] as string[], version: [] as number[], type: [] as string[], schema: [] as number[], data: [] as string[], metadata: [] as string[], occurred: [] as string[], prev: [] as (string | null)[], hash: [] as string[] };
    const keys = { key: [] as string[], hash: [] as string[], response: [] as string[] };
    let conflicts = 0;
    for (const request of requests) {
      const head = heads.get(request.streamId) ?? { version: 0, hash: null, created: true };
      const expected = request.expectedVersion;
      const ok = expected === 'any' || (expected === 'no-stream' ? head.version === 0 : expected === head.version);
      if (!ok) {
        conflicts++;
        continue;
      }
      const metadata = JSON.parse(JSON.stringify(request.metadata));
      const metadataText = JSON.stringify(metadata);
      let { version, hash: prevHash } = head;
      const eventIds: string[] = [];
      for (const event of request.events) {
        version += 1;
        const eventId = event.eventId ?? randomUUID();
        const schemaVersion = event.schemaVersion ?? 1;
        const data = JSON.parse(JSON.stringify(event.data));
        const occurredAt = new Date(event.occurredAt).toISOString();
        const hash = linkHash({ eventId, streamId: request.streamId, streamVersion: version, type: event.type, schemaVersion, data, metadata, occurredAt, recordedAt: recordedAtIso, prevHash });
        cols.id.push(eventId);
        cols.stream.push(request.streamId);
        cols.category.push(streamCategoryOf(request.streamId));
        cols.version.push(version);
        cols.type.push(event.type);
        cols.schema.push(schemaVersion);
        cols.data.push(JSON.stringify(data));
        cols.metadata.push(metadataText);
        cols.occurred.push(occurredAt);
        cols.prev.push(prevHash);
        cols.hash.push(hash);
        eventIds.push(eventId);
        prevHash = hash;
      }
      heads.set(request.streamId, { version, hash: prevHash, created: head.created });
      if (request.idempotency) {
        keys.key.push(request.idempotency.key);
        keys.hash.push(request.idempotency.requestHash);
        keys.response.push(JSON.stringify({ streamId: request.streamId, streamVersion: version, eventIds }));
      }
    }
    await client.query(
      `INSERT INTO events (event_id, stream_id, stream_category, stream_version, type, schema_version, data, metadata, occurred_at, recorded_at, prev_hash, hash)
       SELECT r.event_id, r.stream_id, r.category, r.version, r.type, r.schema_version, r.data::jsonb, r.metadata::jsonb, r.occurred_at, $12, r.prev_hash, r.hash
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::text[], $9::timestamptz[], $10::text[], $11::text[])
            WITH ORDINALITY AS r(event_id, stream_id, category, version, type, schema_version, data, metadata, occurred_at, prev_hash, hash, ord)
       ORDER BY r.ord`,
      [cols.id, cols.stream, cols.category, cols.version, cols.type, cols.schema, cols.data, cols.metadata, cols.occurred, cols.prev, cols.hash, recordedAt],
    );
    const touched = [...heads].filter(([id]) => cols.stream.includes(id));
    await client.query(
      `INSERT INTO streams (stream_id, category, version, head_hash, updated_at)
       SELECT s, c, v, h, $5 FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS t(s, c, v, h)
       ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, head_hash = EXCLUDED.head_hash, updated_at = EXCLUDED.updated_at`,
      [touched.map(([id]) => id), touched.map(([id]) => streamCategoryOf(id)), touched.map(([, h]) => h.version), touched.map(([, h]) => h.hash), recordedAt],
    );
    if (keys.key.length > 0) {
      await client.query(
        `INSERT INTO idempotency_keys (key, request_hash, status, response) SELECT k, h, 201, r::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS t(k, h, r)`,
        [keys.key, keys.hash, keys.response],
      );
    }
    await client.query('COMMIT');
    return { appended: cols.id.length, conflicts };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
