import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
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

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function renderTable(figures: Figure[]): string {
  const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
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

export function writeResults(figures: Figure[], extra = ''): string {
  const text = `# Lotstream benchmark results\n\nRun ${new Date().toISOString()} on ${machine()}; PostgreSQL at ${new URL(serverUrl()).host}.\n\n${renderTable(figures)}\n${extra}`;
  mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  writeFileSync(path.join(__dirname, 'results', 'latest.md'), text);
  return text;
}
