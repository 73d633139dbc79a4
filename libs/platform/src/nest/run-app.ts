import 'reflect-metadata';
import type { DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, LotstreamConfig } from '../config';
import { MigrationClass, openDatabase } from '../database';
import { startEmbeddedPostgres } from '../embedded-postgres';
import { createHttpApp } from './bootstrap';

export interface DeployableOptions {
  name: string;
  description: string;
  migrations: MigrationClass[];
  /** Refuse to start without these (the standalone app runs on embedded defaults instead). */
  requires?: Array<'database' | 'kafka'>;
  module: (config: LotstreamConfig, dataSource: DataSource) => DynamicModule;
}

/**
 * Starts one deployable: validated configuration, PostgreSQL (DATABASE_URL or, when allowed, the
 * embedded server), migrations, the HTTP app, and an orderly stop on SIGTERM/SIGINT.
 * Exit code 2 for bad configuration, 1 for any other failure to start.
 */
export function runDeployable(options: DeployableOptions): void {
  void start(options).catch((error) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  });
}

async function start(options: DeployableOptions): Promise<void> {
  const config = loadConfig();
  const missing = (options.requires ?? []).filter((need) => (need === 'database' ? !config.databaseUrl : !config.kafkaBrokers));
  if (missing.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n  - ${options.name} needs ${missing.map((m) => (m === 'database' ? 'DATABASE_URL' : 'KAFKA_BROKERS')).join(' and ')}`,
    );
  }
  let stopEmbedded: (() => Promise<void>) | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort);
    databaseUrl = embedded.url;
    stopEmbedded = () => embedded.stop();
    console.log(`${options.name}: DATABASE_URL not set, using embedded PostgreSQL (data in ${config.dataDir}/pg, port ${config.embeddedPgPort})`);
  }
  const dataSource = await openDatabase(databaseUrl, options.migrations, config.dbPoolSize);
  const app = await createHttpApp(options.module(config, dataSource), config, { title: options.name, description: options.description });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void (async () => {
        await app.close().catch(() => undefined);
        await dataSource.destroy().catch(() => undefined);
        await stopEmbedded?.().catch(() => undefined);
        process.exit(0);
      })();
    });
  }
  await app.listen(config.port, '0.0.0.0');
  console.log(`${options.name} listening on http://127.0.0.1:${config.port} (docs at /docs)`);
}
