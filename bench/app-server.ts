import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '@lotstream/access';
import { MetrologyModule } from '@lotstream/metrology';
import { CoreModule, createHttpApp, loadConfig, loggerModule, LotstreamConfig, openDatabase } from '@lotstream/platform';
import { ProductionModule } from '@lotstream/production';
import { QualityModule } from '@lotstream/quality';
import { RecordingModule } from '@lotstream/recording';
import { ALL_MIGRATIONS, ALL_UPCASTERS } from '@lotstream/schema';
import type { DataSource } from 'typeorm';
import { StandaloneModule } from '../apps/standalone/src/standalone.module';

/**
 * The app under test, in a process of its own (so the load generator does not share its event
 * loop), started by bench/http.bench.ts with fork(). BENCH_APP_MODE:
 * - `command` (default): the command-intake role only (access, recording, the write contexts), as a
 *   command-api deployable runs it — the projector works elsewhere;
 * - `standalone`: StandaloneModule, everything in one process (projector fed in-process).
 * Sends `{port}` to the parent once listening; closes on SIGTERM or on a `close` message.
 */
@Module({})
class CommandSideModule {
  static register(config: LotstreamConfig, dataSource: DataSource): DynamicModule {
    return {
      module: CommandSideModule,
      imports: [
        loggerModule(config),
        CoreModule.forRoot({ config, dataSource, upcasters: ALL_UPCASTERS }),
        AccessModule,
        RecordingModule,
        ProductionModule,
        QualityModule,
        MetrologyModule,
      ],
    };
  }
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const dataSource = await openDatabase(config.databaseUrl!, ALL_MIGRATIONS, config.dbPoolSize);
  const mode = process.env.BENCH_APP_MODE ?? 'command';
  const module = mode === 'standalone' ? StandaloneModule.register({ config, dataSource }) : CommandSideModule.register(config, dataSource);
  const app = await createHttpApp(module, config, { title: 'Lotstream (bench)', description: 'bench' });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const close = async () => {
    await app.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'close') void close();
  });
  process.on('disconnect', () => void close());
  process.send?.({ port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
