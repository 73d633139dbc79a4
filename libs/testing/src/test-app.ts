import type { INestApplication } from '@nestjs/common';
import { createHttpApp, loadConfig, LotstreamConfig } from '@lotstream/platform';
import { StandaloneModule } from '../../../apps/standalone/src/standalone.module';
import { createTestDatabase, TestDatabase } from './test-database';

/** The admin key every test app starts with (ADMIN_API_KEY). */
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  baseUrl: string;
  config: LotstreamConfig;
  close(): Promise<void>;
}

/**
 * The standalone app on a fresh database, listening on a free port. With `kafka`, it uses the test
 * broker and a topic prefix of its own, so tests never read each other's messages. With `clock`, the
 * application reads time from it (commands' `now`, recordedAt): a test may move it forward, never back.
 */
export async function startTestApp(options: { kafka?: boolean; env?: Record<string, string>; clock?: () => Date } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...(options.kafka && process.env.KAFKA_BROKERS ? { KAFKA_BROKERS: process.env.KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: `t${db.name.slice(-8)}.` } : {}),
    ...options.env,
  });
  config.databaseUrl = db.url;
  const app = await createHttpApp(StandaloneModule.register({ config, dataSource: db.dataSource, clock: options.clock }), config, {
    title: 'Lotstream (test)',
    description: 'test',
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    db,
    config,
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}
