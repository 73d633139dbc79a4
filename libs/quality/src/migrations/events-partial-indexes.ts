import type { QueryRunner } from 'typeorm';

/** A partial index on `events`: its name and what follows `ON events` in its CREATE INDEX. */
export type EventsIndex = [name: string, definition: string];

/**
 * Creates indexes on `events` CONCURRENTLY (so the migration runs outside a transaction and appends
 * go on while a large store is indexed). Re-running after an interruption is safe: an index an
 * interrupted run left invalid is dropped and made again.
 */
export async function createEventsIndexes(db: QueryRunner, indexes: readonly EventsIndex[]): Promise<void> {
  for (const [name, definition] of indexes) {
    const invalid = await db.query(
      `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1 AND NOT i.indisvalid AND pg_table_is_visible(c.oid)`,
      [name],
    );
    if (invalid.length > 0) await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
    await db.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON events ${definition}`);
  }
}

export async function dropEventsIndexes(db: QueryRunner, indexes: readonly EventsIndex[]): Promise<void> {
  for (const [name] of indexes) await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
}
