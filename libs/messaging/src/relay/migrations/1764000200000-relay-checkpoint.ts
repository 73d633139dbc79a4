import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the relay stands in the store's safe order: the last (transaction id, position) the broker
 * acknowledged. Written only after acknowledgement, so a crash re-sends and never skips.
 */
export class RelayCheckpoint1764000200000 implements MigrationInterface {
  name = 'RelayCheckpoint1764000200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE relay_checkpoint (
        relay       text PRIMARY KEY,
        checkpoint  text NOT NULL,
        published   bigint NOT NULL DEFAULT 0,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE relay_checkpoint');
  }
}
