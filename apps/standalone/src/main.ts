import 'reflect-metadata';
import { ConfigError, createHttpApp, loadConfig, openDatabase, startEmbeddedPostgres } from '@lotstream/platform';
import { ALL_MIGRATIONS } from '@lotstream/schema';
import { StandaloneModule } from './standalone.module';

let stopEmbedded: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  const config = loadConfig();
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort);
    databaseUrl = embedded.url;
    stopEmbedded = () => embedded.stop();
    console.log(`Lotstream: DATABASE_URL not set, using embedded PostgreSQL (data in ${config.dataDir}/pg, port ${config.embeddedPgPort})`);
  }
  const dataSource = await openDatabase(databaseUrl, ALL_MIGRATIONS, config.dbPoolSize);
  const app = await createHttpApp(StandaloneModule.register({ config, dataSource }), config, {
    title: 'Lotstream',
    description: 'Event-sourced production traceability: record lots, steps, inspections and calibrations; query history, genealogy, capability and audit.',
  });
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
  console.log(`Lotstream listening on http://127.0.0.1:${config.port} (docs at /docs)`);
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
