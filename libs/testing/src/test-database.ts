import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { PostgresEventStore } from '@lotstream/event-store';
import { openDatabase, poolOf } from '@lotstream/platform';
import { ALL_MIGRATIONS } from '@lotstream/schema';

export interface TestDatabase {
  url: string;
  name: string;
  dataSource: DataSource;
  pool: Pool;
  store: PostgresEventStore;
  close(): Promise<void>;
}

function serverUrl(): URL {
  const raw = process.env.DATABASE_URL;
  if (!raw) throw new Error('DATABASE_URL is not set: run the int/e2e tiers through jest (global setup provides it)');
  return new URL(raw);
}

/** A fresh, migrated database on the test server; dropped by close(). */
export async function createTestDatabase(poolSize = 20): Promise<TestDatabase> {
  const name = `lotstream_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = await createEmptyDatabase(name);
  const dataSource = await openDatabase(url, ALL_MIGRATIONS, poolSize);
  const pool = poolOf(dataSource);
  return {
    url,
    name,
    dataSource,
    pool,
    store: new PostgresEventStore(pool),
    close: async () => {
      await dataSource.destroy().catch(() => undefined);
      await dropDatabase(name);
    },
  };
}

export async function createEmptyDatabase(name: string): Promise<string> {
  const server = serverUrl();
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: serverUrl().toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
