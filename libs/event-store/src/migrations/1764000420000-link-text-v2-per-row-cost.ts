import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * events_link_text_v2 (1764000400000) with less work per row — its cost is most of a whole-store
 * verify — and the same text for every row the store can hold:
 * - prev_hash, a hex digest or null (appends chain it from the head; import checks it is the previous
 *   event's hash), is quoted as is: to_json would escape nothing, but it looks its argument's type up
 *   on every call;
 * - the instants go to UTC by a fixed offset (`AT TIME ZONE INTERVAL '0'`) rather than by the zone
 *   name, which is looked up on every call. Same instant, same to_char text.
 * A row whose prev_hash would need escaping was altered outside the store: it fails verify either way.
 */
export class LinkTextV2PerRowCost1764000420000 implements MigrationInterface {
  name = 'LinkTextV2PerRowCost1764000420000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION events_link_text_v2(event_id uuid, stream_id text, stream_version integer, type text,
                                                     schema_version integer, data jsonb, metadata jsonb,
                                                     occurred_at timestamptz, recorded_at timestamptz, prev_hash text) RETURNS text
      LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT '["' || event_id::text || '", ' || to_json(stream_id)::text || ', ' || stream_version::text || ', '
                   || to_json(type)::text || ', ' || schema_version::text || ', ' || data::text || ', ' || metadata::text
                   || ', "' || to_char(occurred_at AT TIME ZONE INTERVAL '0', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                   || '", "' || to_char(recorded_at AT TIME ZONE INTERVAL '0', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                   || '", ' || coalesce('"' || prev_hash || '"', 'null') || ']' $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION events_link_text_v2(event_id uuid, stream_id text, stream_version integer, type text,
                                                     schema_version integer, data jsonb, metadata jsonb,
                                                     occurred_at timestamptz, recorded_at timestamptz, prev_hash text) RETURNS text
      LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT '["' || event_id::text || '", ' || to_json(stream_id)::text || ', ' || stream_version::text || ', '
                   || to_json(type)::text || ', ' || schema_version::text || ', ' || data::text || ', ' || metadata::text
                   || ', "' || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                   || '", "' || to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                   || '", ' || coalesce(to_json(prev_hash)::text, 'null') || ']' $$`);
  }
}
