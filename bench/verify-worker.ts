import type { ChainedFields } from '@lotstream/event-store';
import { createHash } from 'node:crypto';
import { Client } from 'pg';

/**
 * Prototype of the fix proposed for the hash-chain verify figure (docs/performance.md):
 * 1. canonical serialisation written as one pass into a string (no filter/map/join arrays per
 *    object), giving byte-for-byte the text of libs/event-store canonicalJson (checked by the suite);
 * 2. streams are independent chains, so the store is split into stream-id ranges verified by
 *    several processes at once (one per core).
 * Run as a child process: `{url, from, to}` in, `{checked, ok, firstBroken?, seconds}` out.
 */

export function fastCanonicalJson(value: unknown): string {
  let out = '';
  const write = (v: unknown): void => {
    if (v === null || v === undefined) {
      out += 'null';
      return;
    }
    switch (typeof v) {
      case 'string':
        out += JSON.stringify(v);
        return;
      case 'number':
        if (!Number.isFinite(v)) throw new TypeError('non-finite number cannot be hashed');
        out += JSON.stringify(v);
        return;
      case 'boolean':
        out += v ? 'true' : 'false';
        return;
      case 'object': {
        if (Array.isArray(v)) {
          out += '[';
          for (let i = 0; i < v.length; i++) {
            if (i > 0) out += ',';
            write(v[i]);
          }
          out += ']';
          return;
        }
        if (v instanceof Date) {
          out += JSON.stringify(v.toISOString());
          return;
        }
        const record = v as Record<string, unknown>;
        const keys = Object.keys(record).sort();
        out += '{';
        let first = true;
        for (const key of keys) {
          const member = record[key];
          if (member === undefined) continue;
          if (!first) out += ',';
          first = false;
          out += JSON.stringify(key);
          out += ':';
          write(member);
        }
        out += '}';
        return;
      }
      default:
        throw new TypeError(`cannot hash a ${typeof v}`);
    }
  };
  write(value);
  return out;
}

/** The fields a link covers: the store's own definition. */
export type LinkFields = ChainedFields;

export function fastLinkHash(f: LinkFields): string {
  return createHash('sha256')
    .update(fastCanonicalJson([f.eventId, f.streamId, f.streamVersion, f.type, f.schemaVersion, f.data, f.metadata, f.occurredAt, f.recordedAt, f.prevHash]))
    .digest('hex');
}

interface Range {
  url: string;
  /** Streams with from < stream_id ≤ to ('' and null: open ends). */
  from: string;
  to: string | null;
}

async function verifyRange({ url, from, to }: Range): Promise<{ checked: number; ok: boolean; firstBroken?: unknown; seconds: number }> {
  const started = process.hrtime.bigint();
  const client = new Client({ connectionString: url });
  await client.connect();
  let checked = 0;
  try {
    const heads = new Map<string, { version: number; hash: string }>();
    const headRows = await client.query(`SELECT stream_id, version, head_hash FROM streams WHERE stream_id > $1 AND ($2::text IS NULL OR stream_id <= $2)`, [from, to]);
    for (const r of headRows.rows) heads.set(r.stream_id, { version: r.version, hash: r.head_hash });
    let cursor = { streamId: from, version: 2 ** 31 - 1 };
    let current: { streamId: string; version: number; hash: string | null } | undefined;
    const broken = (streamId: string, streamVersion: number, reason: string) => ({ checked, ok: false, firstBroken: { streamId, streamVersion, reason } });
    const close = (s: { streamId: string; version: number; hash: string | null }) => {
      const head = heads.get(s.streamId);
      heads.delete(s.streamId);
      return !head || head.version !== s.version || head.hash !== s.hash;
    };
    for (;;) {
      const { rows } = await client.query(
        `SELECT event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, recorded_at, prev_hash, hash
           FROM events WHERE (stream_id, stream_version) > ($1::text, $2::int) AND ($3::text IS NULL OR stream_id <= $3)
          ORDER BY stream_id, stream_version LIMIT 5000`,
        [cursor.streamId, cursor.version, to],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        if (!current || current.streamId !== row.stream_id) {
          if (current && close(current)) return { ...broken(current.streamId, current.version, 'stream head does not match'), seconds: 0 };
          current = { streamId: row.stream_id, version: 0, hash: null };
        }
        if (row.stream_version !== current.version + 1) return { ...broken(row.stream_id, row.stream_version, 'version missing'), seconds: 0 };
        if (row.prev_hash !== current.hash) return { ...broken(row.stream_id, row.stream_version, 'previous hash does not match'), seconds: 0 };
        const expected = fastLinkHash({
          eventId: row.event_id,
          streamId: row.stream_id,
          streamVersion: row.stream_version,
          type: row.type,
          schemaVersion: row.schema_version,
          data: row.data,
          metadata: row.metadata,
          occurredAt: row.occurred_at.toISOString(),
          recordedAt: row.recorded_at.toISOString(),
          prevHash: row.prev_hash,
        });
        if (expected !== row.hash) return { ...broken(row.stream_id, row.stream_version, 'content does not match its hash'), seconds: 0 };
        current = { streamId: row.stream_id, version: row.stream_version, hash: row.hash };
        checked++;
      }
      cursor = { streamId: current!.streamId, version: current!.version };
    }
    if (current && close(current)) return { ...broken(current.streamId, current.version, 'stream head does not match'), seconds: 0 };
    if (heads.size > 0) return { ...broken([...heads.keys()][0], 0, 'stream head exists but its events are gone'), seconds: 0 };
    return { checked, ok: true, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  process.once('message', (range: Range) => {
    verifyRange(range).then(
      (result) => {
        process.send?.(result);
        process.exit(0);
      },
      (error) => {
        process.send?.({ error: String(error) });
        process.exit(1);
      },
    );
  });
}
