import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../platform/src/embedded-postgres';

const root = path.resolve(__dirname, '../../..');

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/**
 * Provides the real services the int and e2e tiers need: PostgreSQL (DATABASE_URL, else an
 * embedded server under .data/) and Kafka (KAFKA_BROKERS, else the project's own broker when Java
 * and Maven are present, else Kafka tests are skipped with a printed reason — unless REQUIRE_KAFKA=1).
 */
export default async function globalSetup(): Promise<void> {
  const state = globalThis as { __lotstreamSetupDone?: boolean; __lotstreamEmbedded?: { stop(): Promise<void> } };
  if (state.__lotstreamSetupDone) return;
  state.__lotstreamSetupDone = true;

  if (!process.env.DATABASE_URL) {
    const embedded = await startEmbeddedPostgres(path.join(root, '.data', 'test'), 54331, 'postgres');
    state.__lotstreamEmbedded = embedded;
    process.env.DATABASE_URL = embedded.url;
    console.log(`\n[test] DATABASE_URL not set: using embedded PostgreSQL at ${embedded.url}`);
  }

  if (!process.env.KAFKA_BROKERS) {
    if (has('java') && has('mvn')) {
      const port = process.env.TEST_KAFKA_PORT ?? '19092';
      const env = { ...process.env, KAFKA_PORT: port };
      const alreadyRunning = spawnSync('bash', [path.join(root, 'scripts/kafka.sh'), 'status'], { env }).status === 0;
      if (!alreadyRunning) {
        console.log(`\n[test] KAFKA_BROKERS not set: starting the project's Kafka broker on 127.0.0.1:${port}`);
        execFileSync('bash', [path.join(root, 'scripts/kafka.sh'), 'start'], { stdio: 'inherit', env });
        // Only a broker this run started is stopped by the teardown.
        process.env.LOTSTREAM_TEST_STARTED_KAFKA = port;
      }
      process.env.KAFKA_BROKERS = `127.0.0.1:${port}`;
    } else {
      process.env.KAFKA_SKIP_REASON = 'KAFKA_BROKERS is not set and Java/Maven are not installed to run the project broker';
    }
  }
  if (process.env.KAFKA_SKIP_REASON) {
    if (process.env.REQUIRE_KAFKA === '1') throw new Error(`REQUIRE_KAFKA=1 but ${process.env.KAFKA_SKIP_REASON}`);
    console.warn(`\n[test] Kafka tests will be SKIPPED: ${process.env.KAFKA_SKIP_REASON}`);
  }
}
