import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { __lotstreamTeardownDone?: boolean; __lotstreamEmbedded?: { stop(): Promise<void> } };
  if (state.__lotstreamTeardownDone) return;
  state.__lotstreamTeardownDone = true;
  const port = process.env.LOTSTREAM_TEST_STARTED_KAFKA;
  if (port) {
    execFileSync('bash', [path.resolve(__dirname, '../../../scripts/kafka.sh'), 'stop'], {
      stdio: 'inherit',
      env: { ...process.env, KAFKA_PORT: port },
    });
  }
  await state.__lotstreamEmbedded?.stop();
}
