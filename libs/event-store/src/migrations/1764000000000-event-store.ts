import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only event table, stream heads, idempotency records and the database-level refusal
 * of UPDATE, DELETE and TRUNCATE on events.
 */
export class EventStore1764000000000 implements MigrationInterface {
  name = 'EventStore1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        position        bigserial PRIMARY KEY,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id        uuid NOT NULL UNIQUE,
        stream_id       text NOT NULL,
        stream_category text NOT NULL,
        stream_version  integer NOT NULL CHECK (stream_version > 0),
        type            text NOT NULL,
        schema_version  integer NOT NULL DEFAULT 1,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        occurred_at     timestamptz NOT NULL,
        recorded_at     timestamptz NOT NULL,
        prev_hash       text,
        hash            text NOT NULL,
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
      )`);
    await db.query(`CREATE INDEX events_safe_order ON events (transaction_id, position)`);
    await db.query(`CREATE INDEX events_category_position ON events (stream_category, position)`);
    await db.query(`
      CREATE TABLE streams (
        stream_id   text PRIMARY KEY,
        category    text NOT NULL,
        version     integer NOT NULL,
        head_hash   text NOT NULL,
        updated_at  timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE idempotency_keys (
        key          text PRIMARY KEY,
        request_hash text NOT NULL,
        status       integer NOT NULL,
        response     jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_refuse_change()`);
    await db.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS idempotency_keys`);
    await db.query(`DROP TABLE IF EXISTS streams`);
    await db.query(`DROP TABLE IF EXISTS events`);
    await db.query(`DROP FUNCTION IF EXISTS events_refuse_change`);
  }
}
