import * as os from 'node:os';
import { eventStoreBench } from './event-store.bench';
import { Figure, loadSuites, log, machine, renderTable, saveSuite, SuiteResult, writeResults } from './harness';
import { catchUpBench } from './catch-up.bench';
import { emmettBench } from './emmett.bench';
import { httpBench } from './http.bench';
import { lag3000Bench, lagBench } from './lag.bench';
import { memoryBench } from './memory.bench';
import { startBench } from './start.bench';
import { uiBench } from './ui.bench';
import { bulkCheckBench, dataset10mBench, datasetBench, queries10mBench, queriesBench, rebuildBench, verifyBench } from './store-scale.bench';

/**
 * `npm run bench [-- suite ...]`: runs the benchmark suites against DATABASE_URL's server (default
 * the local PostgreSQL), prints each table and rewrites bench/results/latest.md from the latest
 * result of every suite (bench/results/suites/*.json), so a suite run alone updates its section.
 * Never part of `npm test`. BENCH_SCALE (default 1) multiplies the amount of work.
 *
 * Suites: http (HTTP ingest at 1/4/16/64 clients and /v1/batch vs raw INSERTs), event-store (store
 * appends vs raw INSERTs), emmett (library appends vs emmett-postgresql), lag (append → read model
 * through relay + Kafka + projector at 1,000 events/s; needs a broker: KAFKA_BROKERS, default 127.0.0.1:9092), lag-3000 (the same at
 * 3,000/s), catch-up (the projector from Kafka after a backlog of the 1M store), dataset
 * (builds or reuses the 1M-event store), verify, rebuild, queries (on that store). By name only:
 * dataset-10m and queries-10m (the 10M-event store, built once and reused), bulk-check (the bench's
 * bulk read-model builder equals ProjectionRunner), start (start time and memory of each deployable, compiled vs
 * ts-node; needs `npm run build`), memory (RSS of the compiled standalone under 16 clients over
 * BENCH_MEMORY_SECONDS). A suite that fails is reported and the others run.
 */
type Suite = (scale: number) => Promise<Figure[] | SuiteResult>;

const SUITES: Record<string, Suite> = {
  http: httpBench,
  'event-store': eventStoreBench,
  emmett: emmettBench,
  lag: lagBench,
  'lag-3000': lag3000Bench,
  'catch-up': catchUpBench,
  dataset: datasetBench,
  verify: verifyBench,
  rebuild: rebuildBench,
  queries: queriesBench,
  'dataset-10m': dataset10mBench,
  'queries-10m': queries10mBench,
  'bulk-check': bulkCheckBench,
  ui: uiBench,
  start: startBench,
  memory: memoryBench,
};
const BY_NAME_ONLY = new Set(['dataset-10m', 'queries-10m', 'bulk-check', 'start', 'memory']);

// A suite drops its database WITH (FORCE) when it ends; a pooled connection that was still closing
// then receives 57P01 as an 'error' event. That is the suite's own clean-up, not a failure.
process.on('uncaughtException', (error: Error & { code?: string }) => {
  if (error.code === '57P01') {
    log(`bench: ignored a connection closed by a suite's DROP DATABASE (${error.message})`);
    return;
  }
  console.error(error);
  process.exit(1);
});

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !(w in SUITES));
  if (unknown.length > 0) throw new Error(`unknown suite(s) ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  if (!(scale > 0)) throw new Error('BENCH_SCALE must be a positive number');
  const failed: string[] = [];
  for (const [name, suite] of Object.entries(SUITES)) {
    if (wanted.length > 0 ? !wanted.includes(name) : BY_NAME_ONLY.has(name)) continue;
    log(`bench: running ${name} (BENCH_SCALE=${scale}) on ${machine()}`);
    const load = os.loadavg();
    const started = process.hrtime.bigint();
    let result: SuiteResult;
    try {
      const outcome = await suite(scale);
      result = Array.isArray(outcome) ? { figures: outcome } : outcome;
    } catch (error) {
      log(`bench: ${name} FAILED: ${(error as Error).stack ?? error}`);
      failed.push(name);
      result = { figures: [], notes: [`FAILED: ${(error as Error).message}`] };
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    saveSuite({ suite: name, ranAt: new Date().toISOString(), scale, seconds, machine: machine(), load, ...result });
    console.log(`\n## ${name}\n\n${renderTable(result.figures)}\n${(result.notes ?? []).map((n) => `- ${n}`).join('\n')}`);
  }
  writeResults(loadSuites(Object.keys(SUITES)));
  log('bench: wrote bench/results/latest.md');
  if (failed.length > 0) throw new Error(`suite(s) failed: ${failed.join(', ')}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
