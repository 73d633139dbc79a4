import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Global checkpoints: from time to time, a digest of the whole store (the snapshot it was taken in,
 * the highest position, the number of events and streams, and a hash over every stream head sorted
 * by stream id). Each row also hashes its predecessor, so the checkpoints form a chain of their own.
 * A removed stream tail or a removed whole stream leaves every per-stream chain intact but no longer
 * matches the latest checkpoint.
 */
export class AuditCheckpoints1764000300000 implements MigrationInterface {
  name = 'AuditCheckpoints1764000300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_checkpoints (
        id            bigserial PRIMARY KEY,
        created_at    timestamptz NOT NULL,
        snapshot      text NOT NULL,
        max_position  bigint NOT NULL,
        event_count   bigint NOT NULL,
        stream_count  bigint NOT NULL,
        heads_hash    text NOT NULL,
        prev_hash     text,
        hash          text NOT NULL UNIQUE,
        created_by    text NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS audit_checkpoints`);
  }
}
