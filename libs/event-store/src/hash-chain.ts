import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { jsonbString, jsonbText } from './jsonb-text';

/** The fields a link of a stream's hash chain covers. Changing any of them breaks the chain. */
export interface ChainedFields {
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  occurredAt: string;
  recordedAt: string;
  prevHash: string | null;
}

/**
 * Which serialisation a link's hash is over (`events.hash_version`):
 * 1: canonicalJson of the chained fields (sorted keys, no whitespace), checked in Node;
 * 2: PostgreSQL's own text of `jsonb_build_array(...)` of them (linkTextV2), so the server can check
 *    every link in one parallel scan (`events_link_hash_v2` in the 1764000400000 migration).
 */
export type HashVersion = 1 | 2;

/** The format new appends are hashed with (and the column default: appends do not name it). */
export const CURRENT_HASH_VERSION: HashVersion = 2;

/** Hash format v1. */
export function linkHash(fields: ChainedFields): string {
  return createHash('sha256')
    .update(
      canonicalJson([
        fields.eventId,
        fields.streamId,
        fields.streamVersion,
        fields.type,
        fields.schemaVersion,
        fields.data,
        fields.metadata,
        fields.occurredAt,
        fields.recordedAt,
        fields.prevHash,
      ]),
    )
    .digest('hex');
}

/** The chained fields with data and metadata already written as their jsonb text (jsonbText). */
export type ChainedTexts = Omit<ChainedFields, 'data' | 'metadata'> & { dataText: string; metadataText: string };

/**
 * The text hash format v2 covers: byte for byte what PostgreSQL prints for
 * `jsonb_build_array(event_id::text, stream_id, stream_version, type, schema_version, data, metadata,
 * occurred_at, recorded_at, prev_hash)::text` with both instants rendered as
 * `to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` — toISOString's form for the years
 * 1–9999 that timestamptz accepts from it, whatever the session's TimeZone or DateStyle. Like v1,
 * instants are covered to the millisecond (appends store milliseconds; pg reads them back as Dates).
 * The event id must be the canonical lowercase form (what `uuid::text` prints; randomUUID's), and the
 * previous hash a hex digest (written without escaping, which it never needs).
 */
export function linkTextV2(fields: ChainedFields): string {
  return linkTextV2OfTexts({ ...fields, dataText: jsonbText(fields.data), metadataText: jsonbText(fields.metadata) });
}

/** linkTextV2 from texts already serialised (the metadata of an append is the same for all its events). */
export function linkTextV2OfTexts(fields: ChainedTexts): string {
  return (
    `[${jsonbString(fields.eventId)}, ${jsonbString(fields.streamId)}, ${fields.streamVersion}, ${jsonbString(fields.type)}, ` +
    `${fields.schemaVersion}, ${fields.dataText}, ${fields.metadataText}, ${jsonbString(fields.occurredAt)}, ` +
    // The previous hash is a hex digest: quoted as is, as events_link_text_v2 does (no escaping needed).
    `${jsonbString(fields.recordedAt)}, ${fields.prevHash === null ? 'null' : `"${fields.prevHash}"`}]`
  );
}

/** Hash format v2: sha256 (hex) of linkTextV2's UTF-8 bytes. */
export function linkHashV2(fields: ChainedFields): string {
  return sha256Hex(linkTextV2(fields));
}

/** linkHashV2 from texts already serialised. */
export function linkHashV2OfTexts(fields: ChainedTexts): string {
  return sha256Hex(linkTextV2OfTexts(fields));
}

/** The link hash in the given format (what verify and import recompute for a stored event). */
export function linkHashOf(version: HashVersion, fields: ChainedFields): string {
  return version === 1 ? linkHash(fields) : linkHashV2(fields);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
