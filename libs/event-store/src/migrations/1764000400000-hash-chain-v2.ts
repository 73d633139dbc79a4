import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hash-chain format v2 (libs/event-store/src/hash-chain.ts): the hash is over PostgreSQL's own text
 * of the chained fields, so the server recomputes every link in one parallel scan.
 *
 * `hash_version` says which format a row's hash is in. Adding the column with a constant default is
 * a catalogue change: existing rows read as 1 without being rewritten (an UPDATE would be refused by
 * the immutability trigger anyway). The default then moves to 2, so every INSERT that does not name
 * the column — all of the store's — writes v2 rows, which the store hashes with linkHashV2.
 *
 * The functions are declared STABLE, not IMMUTABLE: to_json, to_char and convert_to are STABLE in the
 * catalogue, and PostgreSQL inlines an SQL function only when its body is no more volatile than its
 * declaration — an IMMUTABLE one would be called per row, not inlined into the verify scan. The
 * result depends on no setting: both instants are rendered in UTC with a fixed pattern (no TM
 * fields), and convert_to names the encoding. PARALLEL SAFE lets the scan run in parallel workers.
 */
export class HashChainV21764000400000 implements MigrationInterface {
  name = 'HashChainV21764000400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE events ADD COLUMN hash_version smallint NOT NULL DEFAULT 1`);
    await db.query(`ALTER TABLE events ALTER COLUMN hash_version SET DEFAULT 2`);
    // The text of jsonb_build_array(event_id::text, stream_id, stream_version, type, schema_version,
    // data, metadata, <occurred_at>, <recorded_at>, prev_hash)::text, built by concatenation: the same
    // bytes (strings through escape_json as jsonb prints them, data and metadata as their own jsonb
    // text, integers as numeric prints them; jsonb-text.int.spec.ts checks the identity), without
    // building a jsonb array around data and metadata first — a fifth less CPU per event verified.
    await db.query(`
      CREATE FUNCTION events_link_text_v2(event_id uuid, stream_id text, stream_version integer, type text,
                                          schema_version integer, data jsonb, metadata jsonb,
                                          occurred_at timestamptz, recorded_at timestamptz, prev_hash text) RETURNS text
      LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT '["' || event_id::text || '", ' || to_json(stream_id)::text || ', ' || stream_version::text || ', '
                   || to_json(type)::text || ', ' || schema_version::text || ', ' || data::text || ', ' || metadata::text
                   || ', "' || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                   || '", "' || to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                   || '", ' || coalesce(to_json(prev_hash)::text, 'null') || ']' $$`);
    await db.query(`
      CREATE FUNCTION events_link_hash_v2(event_id uuid, stream_id text, stream_version integer, type text,
                                          schema_version integer, data jsonb, metadata jsonb,
                                          occurred_at timestamptz, recorded_at timestamptz, prev_hash text) RETURNS text
      LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT encode(sha256(convert_to(events_link_text_v2(event_id, stream_id, stream_version, type, schema_version,
                                                                data, metadata, occurred_at, recorded_at, prev_hash), 'UTF8')), 'hex') $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION IF EXISTS events_link_hash_v2`);
    await db.query(`DROP FUNCTION IF EXISTS events_link_text_v2`);
    // Rows hashed with v2 cannot be read as v1: dropping the column would break their chains.
    await db.query(`ALTER TABLE events ALTER COLUMN hash_version SET DEFAULT 1`);
  }
}
