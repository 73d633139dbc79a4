import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { openDatabase } from '@lotstream/platform';
import { ALL_MIGRATIONS } from '@lotstream/schema';
import { Figure, freshDatabase, log, SuiteResult } from './harness';

/**
 * `npm run bench -- start`: start time and resident memory of every deployable, run the way a
 * deployment runs it (compiled: `node -r ./scripts/dist-paths.js dist/apps/<app>/src/main.js`, what
 * `npm start` and the Dockerfile run) against the way every start script ran it before round two
 * (ts-node --transpile-only with tsconfig-paths). Start time: spawn → the first 200 from
 * /health/ready; resident memory (VmRSS of the node process) at that moment and its peak (VmHWM).
 * The database is migrated before the first start, so every start does the same (empty) work.
 * BENCH_START_RUNS (default 3) starts of each, alternating the two modes; medians reported.
 */
const ROOT = path.resolve(__dirname, '..');
const APPS = ['standalone', 'command-api', 'query-api', 'relay', 'projector'] as const;
type Mode = 'ts-node' | 'compiled';

/** The node flags the app's start script passes (`--max-old-space-size` of `npm start`), so the bench runs what it runs. */
function startFlagsOf(app: string): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = (scripts[app === 'standalone' ? 'start' : `start:${app}`] ?? '').split(/\s+/);
  return words.slice(1, Math.max(1, words.indexOf('-r'))).filter((word) => word.startsWith('--'));
}

function commandOf(app: string, mode: Mode): string[] {
  return mode === 'compiled'
    ? [...startFlagsOf(app), '-r', './scripts/dist-paths.js', `dist/apps/${app}/src/main.js`]
    : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`];
}

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** One start: milliseconds to a 200 from /health/ready, and the memory then. */
export async function startOnce(
  app: string,
  mode: Mode,
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<{ ms: number; rss: number; peak: number; child: ChildProcess }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, commandOf(app, mode), { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  const keep = (chunk: Buffer): void => void (errors = (errors + chunk).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let last = 'no answer';
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} (${mode}) exited with ${child.exitCode}: ${errors}`);
    if (Date.now() > deadline) {
      await stop(child);
      throw new Error(`${app} (${mode}) not ready within 300 s (last /health/ready: ${last}): ${errors}`);
    }
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(5000) }).then(
      async (response) => {
        last = `${response.status} ${await response.text()}`;
        return response.status === 200;
      },
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, ...memoryOf(child.pid!), child };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function startBench(): Promise<SuiteResult> {
  if (!existsSync(path.join(ROOT, 'dist/apps/standalone/src/main.js'))) throw new Error('no compiled output: run `npm run build` first');
  const runs = Math.max(1, Number(process.env.BENCH_START_RUNS ?? 3));
  const brokers = process.env.KAFKA_BROKERS || '127.0.0.1:9092';
  const database = await freshDatabase('bench_start');
  const figures: Figure[] = [];
  try {
    await (await openDatabase(database.url, ALL_MIGRATIONS, 5)).destroy();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: `benchstart${process.pid}.`,
      LOG_LEVEL: 'warn',
      ADMIN_API_KEY: 'bench-start-admin-key-0123456789',
      NODE_ENV: 'production',
    };
    let port = 36000 + (process.pid % 1000);
    for (const app of APPS) {
      const samples: Record<Mode, Array<{ ms: number; rss: number; peak: number }>> = { 'ts-node': [], compiled: [] };
      for (let run = 0; run < runs; run++) {
        for (const mode of (run % 2 === 0 ? ['ts-node', 'compiled'] : ['compiled', 'ts-node']) as Mode[]) {
          const { child, ...sample } = await startOnce(app, mode, env, port++);
          await stop(child);
          samples[mode].push(sample);
          log(
            `start: ${app} ${mode}: ready in ${sample.ms.toFixed(0)} ms, RSS ${(sample.rss / 2 ** 20).toFixed(0)} MiB (peak ${(sample.peak / 2 ** 20).toFixed(0)})`,
          );
        }
      }
      const [ts, compiled] = [samples['ts-node'], samples.compiled];
      const tsMs = median(ts.map((s) => s.ms));
      const tsRss = median(ts.map((s) => s.rss));
      figures.push(
        { name: `${app}: start → /health/ready, compiled`, value: median(compiled.map((s) => s.ms)), unit: 'ms', baseline: { name: 'ts-node', value: tsMs } },
        {
          name: `${app}: resident memory when ready, compiled`,
          value: median(compiled.map((s) => s.rss)) / 2 ** 20,
          unit: 'MiB',
          baseline: { name: 'ts-node', value: tsRss / 2 ** 20 },
        },
        {
          name: `${app}: peak resident memory during start, compiled`,
          value: median(compiled.map((s) => s.peak)) / 2 ** 20,
          unit: 'MiB',
          baseline: { name: 'ts-node', value: median(ts.map((s) => s.peak)) / 2 ** 20 },
        },
      );
    }
  } finally {
    await database.drop();
  }
  return { figures, notes: [`medians of ${runs} starts of each (BENCH_START_RUNS), the two modes alternating; database migrated beforehand`] };
}
