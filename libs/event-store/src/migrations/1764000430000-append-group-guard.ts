import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `lotstream_heads_moved(moved, expected)`: true when every stream head of an append group moved,
 * else an error (SQLSTATE LSH01). A group append planned on unlocked heads runs as one statement in
 * an implicit transaction; when a head it expected moved meanwhile, this error aborts the whole
 * statement — heads it did move included — and the store plans the group again on locked heads.
 */
export class AppendGroupGuard1764000430000 implements MigrationInterface {
  name = 'AppendGroupGuard1764000430000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION lotstream_heads_moved(moved bigint, expected integer) RETURNS boolean
      LANGUAGE plpgsql AS $$
      BEGIN
        IF moved <> expected THEN
          RAISE EXCEPTION 'a stream head moved after the append group was planned' USING ERRCODE = 'LSH01';
        END IF;
        RETURN true;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION IF EXISTS lotstream_heads_moved(bigint, integer)`);
  }
}
