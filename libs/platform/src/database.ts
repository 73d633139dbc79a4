import { DataSource, MigrationInterface } from 'typeorm';
import type { Pool } from 'pg';

export type MigrationClass = new () => MigrationInterface;

/**
 * Settings of every pooled session. A transaction left open would hold back every safe-order
 * reader: end it. No JIT: the planner cannot size a recursive walk and estimates it far above
 * `jit_above_cost`, so a genealogy walk over a recall scope of 2,000 lots spent 660 ms compiling
 * for 45 ms of execution (EXPLAIN ANALYZE at 10M events); the read routes are short lookups, which
 * JIT never pays back. Work that scans millions of rows on purpose (the chain verifier) turns it
 * back on for its own transaction.
 */
export const SESSION_OPTIONS = '-c idle_in_transaction_session_timeout=60000 -c statement_timeout=300000 -c jit=off';

/**
 * One DataSource per process: TypeORM runs the migrations and owns the pg pool; the event store
 * and read models use that same pool for their hand-written SQL.
 */
export function createDataSource(url: string, migrations: MigrationClass[], poolSize = 20): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, options: SESSION_OPTIONS },
  });
}

export async function openDatabase(url: string, migrations: MigrationClass[], poolSize = 20): Promise<DataSource> {
  const dataSource = createDataSource(url, migrations, poolSize);
  await dataSource.initialize();
  // An idle pooled connection closed by the server must not take the process down.
  poolOf(dataSource).on('error', () => undefined);
  // Several processes may start together: one migrates, the others wait for it. The lock is held
  // and released on one dedicated connection (a pooled query could unlock on another one).
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(7411001)');
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock(7411001)').catch(() => undefined);
    await lock.release();
  }
  return dataSource;
}

/** The pg pool behind a TypeORM DataSource. */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
