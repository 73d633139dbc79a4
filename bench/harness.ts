import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/** One row of the results table: a figure, its baseline measured in the same run, and the target. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  target?: string;
  met?: boolean;
  note?: string;
}

export function serverUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export async function freshDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: serverUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Runs `workers` loops concurrently until `total` operations are done; returns operations per second. */
export async function throughput(total: number, workers: number, op: (i: number, worker: number) => Promise<number | void>): Promise<number> {
  let next = 0;
  let done = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const counted = await op(i, worker);
        done += typeof counted === 'number' ? counted : 1;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return done / seconds;
}

/** Progress lines go to stderr so stdout stays the result table. */
export function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export interface LatencyStats {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function latencyStats(samplesMs: number[]): LatencyStats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length),
  };
}

/** Runs `op` `iterations` times one after the other (after `warmup` unmeasured runs); latencies in ms. */
/**
 * Times `op` `iterations` times after a warm-up. With `budgetMs`, a slow query stops early: the warm-up
 * after a quarter of the budget, the timed calls once the budget is spent and at least 5 were timed (2 past three budgets)
 * (the figure's note then shows the smaller sample count).
 */
export async function timeEach(
  iterations: number,
  op: (i: number) => Promise<unknown>,
  warmup = Math.min(50, iterations),
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<number[]> {
  const begun = process.hrtime.bigint();
  const elapsedMs = () => Number(process.hrtime.bigint() - begun) / 1e6;
  for (let i = 0; i < warmup && elapsedMs() < budgetMs / 4; i++) await op(i);
  const timedFrom = elapsedMs();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const spent = elapsedMs() - timedFrom;
    if ((samples.length >= 5 && spent > budgetMs) || (samples.length >= 2 && spent > 3 * budgetMs)) break;
    const started = process.hrtime.bigint();
    await op(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

export function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

const fmt = (n: number): string => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

export function renderTable(figures: Figure[]): string {
  const lines = [
    '| Figure | Value | Baseline (same run) | Ratio | Target | Met |',
    '|---|---|---|---|---|---|',
    ...figures.map((f) => {
      const ratio = f.baseline ? `${(f.value / f.baseline.value).toFixed(2)} ×` : '—';
      const baseline = f.baseline ? `${f.baseline.name}: ${fmt(f.baseline.value)} ${f.unit}` : '—';
      const met = f.met === undefined ? '—' : f.met ? 'yes' : 'NO';
      return `| ${f.name}${f.note ? ` (${f.note})` : ''} | ${fmt(f.value)} ${f.unit} | ${baseline} | ${ratio} | ${f.target ?? '—'} | ${met} |`;
    }),
  ];
  return lines.join('\n');
}

/** What a suite hands back: its figures and notes (dataset, caveats) for the results file. */
export interface SuiteResult {
  figures: Figure[];
  notes?: string[];
}

export interface SuiteRecord extends SuiteResult {
  suite: string;
  ranAt: string;
  scale: number;
  seconds: number;
  machine: string;
  load: number[];
}

const RESULTS_DIR = path.join(__dirname, 'results');
const SUITES_DIR = path.join(RESULTS_DIR, 'suites');

/** Keeps one suite's latest result (bench/results/suites/<suite>.json) so suites run apart add up. */
export function saveSuite(record: SuiteRecord): void {
  mkdirSync(SUITES_DIR, { recursive: true });
  writeFileSync(path.join(SUITES_DIR, `${record.suite}.json`), JSON.stringify(record, null, 2));
}

export function loadSuites(order: string[]): SuiteRecord[] {
  if (!existsSync(SUITES_DIR)) return [];
  const records = readdirSync(SUITES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(SUITES_DIR, f), 'utf8')) as SuiteRecord);
  const rank = (s: string) => (order.indexOf(s) === -1 ? order.length : order.indexOf(s));
  return records.sort((a, b) => rank(a.suite) - rank(b.suite));
}

/** bench/results/latest.md: every suite's latest figures, each with when and at what scale it ran. */
export function writeResults(records: SuiteRecord[]): string {
  const sections = records.map((r) => {
    const notes = (r.notes ?? []).map((n) => `- ${n}`).join('\n');
    return (
      `## ${r.suite}\n\nRun ${r.ranAt} (BENCH_SCALE=${r.scale}, ${r.seconds.toFixed(0)} s, load average at start ${r.load.map((l) => l.toFixed(2)).join(' ')}).\n\n` +
      `${renderTable(r.figures)}\n${notes ? `\n${notes}\n` : ''}`
    );
  });
  const all = records.flatMap((r) => r.figures.filter((f) => f.target).map((f) => ({ ...f, suite: r.suite })));
  const summary = [
    '| Target figure | Value | Target | Met | Suite |',
    '|---|---|---|---|---|',
    ...all.map((f) => {
      const relative = f.baseline && f.target?.includes('×');
      const value = relative
        ? `${(f.value / f.baseline!.value).toFixed(2)} × (${fmt(f.value)} vs ${fmt(f.baseline!.value)} ${f.unit})`
        : `${fmt(f.value)} ${f.unit}`;
      return `| ${f.name} | ${value} | ${f.target} | ${f.met === undefined ? '—' : f.met ? 'yes' : 'NO'} | ${f.suite} |`;
    }),
  ].join('\n');
  const text =
    `# Lotstream benchmark results\n\nMachine: ${machine()}; PostgreSQL at ${new URL(serverUrl()).host} ` +
    `(server settings as found: see docs/performance.md). Produced by \`npm run bench\`; each suite section says when it ran.\n\n` +
    `## Targets\n\n${summary}\n\n${sections.join('\n')}`;
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, 'latest.md'), text);
  return text;
}
