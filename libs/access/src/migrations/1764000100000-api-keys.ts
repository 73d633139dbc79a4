import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The credential store: one row per issued API key, its secret only as a scrypt hash. The history
 * of key management is in the `access-keys` event stream; this table is what authentication reads.
 */
export class ApiKeys1764000100000 implements MigrationInterface {
  name = 'ApiKeys1764000100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_keys (
        key_id      text PRIMARY KEY,
        secret_hash text NOT NULL,
        salt        text NOT NULL,
        role        text NOT NULL CHECK (role IN ('admin', 'integration', 'operator', 'quality', 'metrology', 'engineering', 'auditor')),
        sites       text[] NOT NULL CHECK (cardinality(sites) > 0),
        label       text NOT NULL,
        created_at  timestamptz NOT NULL,
        revoked_at  timestamptz,
        created_by  text NOT NULL,
        revoked_by  text
      )`);
    await db.query(`CREATE INDEX api_keys_active_admin ON api_keys (role) WHERE revoked_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE api_keys`);
  }
}
