import { ImportRejected } from './event-store.errors';
import { ImportedEvent, streamCategoryOf } from './event-store.types';
import { linkHashOf } from './hash-chain';
import { readHeads } from './heads';
import { StoreContext, UNIQUE_VIOLATION } from './store-context';

/**
 * Writes events exported from another store exactly as they were recorded (event id, recorded-at,
 * metadata, stored schema version and data, hashes), in the order given. Each link is checked
 * before anything is written: the version follows the stream head, the previous hash is the head's
 * hash and the hash is recomputed over the stored form, in the event's own hash format (hashVersion;
 * 1 when absent: exports from before format 2), which the row keeps. Instants must be in the form
 * the store reads back, or the chain could not verify. One call is one transaction, all or nothing.
 * Rows go through the same table, triggers and stream heads as appends; positions are new.
 */
export async function importRecorded(ctx: StoreContext, events: ImportedEvent[]): Promise<{ imported: number }> {
  if (events.length === 0) return { imported: 0 };
  const client = await ctx.pool.connect();
  try {
    await client.query('BEGIN');
    const heads = await readHeads(client, [...new Set(events.map((e) => e.streamId))]);
    const touched = new Map<string, { category: string; version: number; hash: string; recordedAt: string; previous: number }>();
    for (const [index, event] of events.entries()) {
      const head = heads.get(event.streamId) ?? { version: 0, hash: null };
      const problem =
        event.streamVersion !== head.version + 1
          ? `version ${event.streamVersion} does not follow the stream head ${head.version}`
          : event.prevHash !== head.hash
            ? 'previous hash does not match the stream head'
            : !storedInstant(event.occurredAt) || !storedInstant(event.recordedAt)
              ? 'occurredAt and recordedAt must be in the form the store keeps (YYYY-MM-DDTHH:mm:ss.sssZ)'
              : linkHashOf(event.hashVersion ?? 1, event) !== event.hash
                ? 'content does not match its hash'
                : undefined;
      if (problem) throw new ImportRejected(index, event.streamId, event.streamVersion, problem);
      const previous = touched.get(event.streamId)?.previous ?? head.version;
      heads.set(event.streamId, { version: event.streamVersion, hash: event.hash });
      touched.set(event.streamId, {
        category: streamCategoryOf(event.streamId),
        version: event.streamVersion,
        hash: event.hash,
        recordedAt: event.recordedAt,
        previous,
      });
    }
    await client.query(
      `INSERT INTO events (event_id, stream_id, stream_category, stream_version, type, schema_version,
                           data, metadata, occurred_at, recorded_at, prev_hash, hash, hash_version)
       SELECT r.event_id, r.stream_id, r.category, r.version, r.type, r.schema_version, r.data::jsonb, r.metadata::jsonb,
              r.occurred_at, r.recorded_at, r.prev_hash, r.hash, r.hash_version
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::text[],
                   $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[], $13::smallint[])
            WITH ORDINALITY AS r(event_id, stream_id, category, version, type, schema_version, data, metadata,
                                 occurred_at, recorded_at, prev_hash, hash, hash_version, ord)
       ORDER BY r.ord`,
      [
        events.map((e) => e.eventId),
        events.map((e) => e.streamId),
        events.map((e) => streamCategoryOf(e.streamId)),
        events.map((e) => e.streamVersion),
        events.map((e) => e.type),
        events.map((e) => e.schemaVersion),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => JSON.stringify(e.metadata)),
        events.map((e) => e.occurredAt),
        events.map((e) => e.recordedAt),
        events.map((e) => e.prevHash),
        events.map((e) => e.hash),
        events.map((e) => e.hashVersion ?? 1),
      ],
    );
    const streams = [...touched.entries()];
    // A head moves only from where this import found it (a concurrent writer makes the import fail).
    const { rowCount } = await client.query(
      `WITH h AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::int[])
                  AS h(stream_id, category, version, head_hash, updated_at, previous))
       INSERT INTO streams (stream_id, category, version, head_hash, updated_at)
       SELECT stream_id, category, version, head_hash, updated_at FROM h
       ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, head_hash = EXCLUDED.head_hash, updated_at = EXCLUDED.updated_at
       WHERE streams.version = (SELECT previous FROM h WHERE h.stream_id = streams.stream_id)`,
      [
        streams.map(([id]) => id),
        streams.map(([, s]) => s.category),
        streams.map(([, s]) => s.version),
        streams.map(([, s]) => s.hash),
        streams.map(([, s]) => s.recordedAt),
        streams.map(([, s]) => s.previous),
      ],
    );
    if (rowCount !== streams.length) throw new ImportRejected(0, streams[0][0], 0, 'a stream head moved during the import');
    await client.query('COMMIT');
    ctx.heads.forget(streams.map(([streamId]) => streamId));
    ctx.wakeUps.signal();
    return { imported: events.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      throw new ImportRejected(0, '', 0, `an imported event already exists (${(error as { detail?: string }).detail ?? 'unique violation'})`);
    }
    throw error;
  } finally {
    client.release();
  }
}

/** An instant as the store reads it back (toISOString of the stored timestamptz): what its hash covers. */
function storedInstant(text: string): boolean {
  const instant = new Date(text);
  return !Number.isNaN(instant.getTime()) && instant.toISOString() === text;
}
