import { Pool } from 'pg';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { linkHash, PostgresEventStore, START, decodeCheckpoint } from '@lotstream/event-store';
import { capabilityFromSubgroups, CharacteristicCapabilityQuery } from '@lotstream/repeatability';
import { LotQueries } from '@lotstream/traceability';
import { tableDifference } from './batched-runner';
import { fastLinkHash } from './verify-worker';
import { bulkBuildReadModels } from './bulk-read-models';
import { DatasetInfo, ensureDataset, replayInto, waitForHorizon } from './dataset';
import { Figure, formatBytes, latencyStats, log, seconds, SuiteResult, timeEach } from './harness';

/**
 * Figures over a large generated store (bench/dataset.ts): projection rebuild, hash-chain verify,
 * and query latency (lot history, five-level genealogy, capability).
 */

const MILLION = 1_000_000;

export function describeDataset(d: DatasetInfo): string {
  return (
    `${d.name}: ${d.events.toLocaleString('en-US')} events, ${d.lots.toLocaleString('en-US')} lots, ${d.parts} parts; ` +
    `database ${formatBytes(d.databaseBytes)} (events table ${formatBytes(d.eventsTableBytes)}, read models ${formatBytes(d.readModelBytes)}); ` +
    `generated in ${d.generateSeconds.toFixed(0)} s (${Math.round(d.events / d.generateSeconds).toLocaleString('en-US')} events/s, COPY), ` +
    `read models built in ${d.readModelSeconds.toFixed(0)} s (${Math.round(d.readModelRate).toLocaleString('en-US')} events/s, ${d.readModelConcurrency ? `batched replay, ${d.readModelConcurrency} pages at once` : 'set-based bulk build, bench/bulk-read-models.ts'})` +
    (d.reused ? '; reused from an earlier run' : '')
  );
}

/** Projection rebuild: every read model replayed from the store into a fresh schema, as ProjectionRebuild does. */
export async function rebuildBench(scale = 1): Promise<SuiteResult> {
  const dataset = await ensureDataset(Math.round(MILLION * scale));
  const pool = new Pool({ connectionString: dataset.url, max: 8 });
  const figures: Figure[] = [];
  const notes = [describeDataset(dataset)];
  try {
    // The read side alone (pages in safe order, rows parsed): the ceiling for any replay.
    const store = new PostgresEventStore(pool);
    await waitForHorizon(pool);
    let cursor = START;
    let read = 0;
    const readStarted = process.hrtime.bigint();
    for (;;) {
      const page = await store.readAll(cursor, 1000);
      read += page.events.length;
      if (page.events.length < 1000) break;
      cursor = decodeCheckpoint(page.next)!;
    }
    const readRate = read / seconds(readStarted);
    log(`rebuild: readAll alone ${Math.round(readRate)} events/s`);
    const productSchema = 'rm_bench_rebuild';
    const batchedSchema = 'rm_bench_rebuild_batched';
    await pool.query(`DROP SCHEMA IF EXISTS ${productSchema} CASCADE`);
    await pool.query(`DROP SCHEMA IF EXISTS ${batchedSchema} CASCADE`);
    const product = await replayInto(pool, productSchema, { onProgress: (n) => log(`rebuild (ProjectionRunner): ${n.toLocaleString('en-US')} events applied`) });
    const productRate = product.events / product.seconds;
    figures.push({
      name: `projection rebuild from the store, ${(dataset.events / MILLION).toFixed(1)}M events, all read models (ProjectionRunner with applyBatch, pages of 1,000 in safe order)`,
      value: productRate,
      unit: 'events/s',
      baseline: { name: 'readAll pages alone', value: readRate },
      target: '≥ 30,000 events/s',
      met: productRate >= 30000,
      note: `${product.seconds.toFixed(0)} s`,
    });
    // BENCH_REBUILD_PROTOTYPE=1: also the bench's older batching prototype (superseded by the product's applyBatch).
    if (process.env.BENCH_REBUILD_PROTOTYPE !== '1') {
      await pool.query(`DROP SCHEMA IF EXISTS ${productSchema} CASCADE`);
      return { figures, notes };
    }
    // The proposed fix, prototyped in bench/batched-runner.ts: same read models, inserts merged per page.
    const batched = await replayInto(pool, batchedSchema, { batched: true, onProgress: (n) => log(`rebuild (batched prototype): ${n.toLocaleString('en-US')} events applied`) });
    let differing = 0;
    const { ALL_READ_MODELS } = await import('@lotstream/schema');
    for (const model of ALL_READ_MODELS) for (const table of model.tables) differing += await tableDifference(pool, productSchema, batchedSchema, table);
    const concurrent = await (async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${batchedSchema}_2 CASCADE`);
      const r = await replayInto(pool, `${batchedSchema}_2`, { batched: true, concurrency: 2 });
      await pool.query(`DROP SCHEMA IF EXISTS ${batchedSchema}_2 CASCADE`);
      return r;
    })();
    await pool.query(`DROP SCHEMA IF EXISTS ${productSchema} CASCADE`);
    await pool.query(`DROP SCHEMA IF EXISTS ${batchedSchema} CASCADE`);
    figures.push(
      {
        name: 'proposed fix: same read models, inserts merged per page (bench/batched-runner.ts)',
        value: batched.events / batched.seconds,
        unit: 'events/s',
        baseline: { name: 'ProjectionRunner', value: productRate },
        note: `${batched.seconds.toFixed(0)} s; tables ${differing === 0 ? 'identical to' : `DIFFER (${differing} rows) from`} ProjectionRunner's`,
      },
      {
        name: 'proposed fix, 2 pages applied at once',
        value: concurrent.events / concurrent.seconds,
        unit: 'events/s',
        baseline: { name: 'ProjectionRunner', value: productRate },
        note: `${concurrent.seconds.toFixed(0)} s`,
      },
    );
  } finally {
    await pool.end();
  }
  return { figures, notes };
}

function runVerifyWorker(range: { url: string; from: string; to: string | null }): Promise<{ checked: number; ok: boolean; seconds: number }> {
  const child = fork(path.join(__dirname, 'verify-worker.ts'), [], {
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { checked: number; ok: boolean; seconds: number; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m)));
    child.once('exit', (code) => code !== 0 && reject(new Error(`verify worker exited with ${code}`)));
    child.send(range);
  });
}

/** Hash-chain verification of every stream (PostgresEventStore.verify). */
export async function verifyBench(scale = 1): Promise<SuiteResult> {
  const dataset = await ensureDataset(Math.round(MILLION * scale));
  const pool = new Pool({ connectionString: dataset.url, max: 4 });
  try {
    const store = new PostgresEventStore(pool);
    // The same pages verify() reads, without the hashing: what reading alone costs.
    let cursor = { streamId: '', version: 0 };
    let read = 0;
    const readStarted = process.hrtime.bigint();
    for (;;) {
      const { rows } = await pool.query(
        `SELECT position::text AS position, transaction_id::text AS transaction_id, event_id, stream_id, stream_category, stream_version,
                type, schema_version, data, metadata, occurred_at, recorded_at, prev_hash, hash
           FROM events WHERE (stream_id, stream_version) > ($1::text, $2::int) ORDER BY stream_id, stream_version LIMIT 5000`,
        [cursor.streamId, cursor.version],
      );
      if (rows.length === 0) break;
      read += rows.length;
      const last = rows[rows.length - 1];
      cursor = { streamId: last.stream_id, version: last.stream_version };
    }
    const readRate = read / seconds(readStarted);
    const started = process.hrtime.bigint();
    const result = await store.verify();
    const elapsed = seconds(started);
    if (!result.ok) throw new Error(`verify failed on the bench store: ${JSON.stringify(result.firstBroken)}`);
    const rate = result.checked / elapsed;
    // Proposed fix, part 1: the same hash with a one-pass canonical serialisation (on 100k events in memory).
    const { rows: sample } = await pool.query(
      `SELECT event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, recorded_at, prev_hash, hash
         FROM events ORDER BY stream_id, stream_version LIMIT 100000`,
    );
    const fields = sample.map((r) => ({
      eventId: r.event_id,
      streamId: r.stream_id,
      streamVersion: r.stream_version,
      type: r.type,
      schemaVersion: r.schema_version,
      data: r.data,
      metadata: r.metadata,
      occurredAt: r.occurred_at.toISOString(),
      recordedAt: r.recorded_at.toISOString(),
      prevHash: r.prev_hash,
    }));
    let mismatches = 0;
    for (const [k, f] of fields.entries()) if (fastLinkHash(f) !== sample[k].hash || linkHash(f) !== sample[k].hash) mismatches++;
    const hashRate = (fn: (f: (typeof fields)[number]) => string) => {
      const t = process.hrtime.bigint();
      for (const f of fields) fn(f);
      return fields.length / seconds(t);
    };
    hashRate(linkHash);
    const productHash = hashRate(linkHash);
    hashRate(fastLinkHash);
    const fastHash = hashRate(fastLinkHash);
    // Proposed fix, part 2: stream-id ranges verified by several processes at once.
    const parallel: Figure[] = [];
    for (const workers of [2, 4]) {
      const { rows: bounds } = await pool.query(
        `SELECT max(stream_id) AS stream_id FROM (SELECT stream_id, ntile($1) OVER (ORDER BY stream_id) AS tile FROM streams) t GROUP BY tile ORDER BY 1`,
        [workers],
      );
      const edges = bounds.map((b) => b.stream_id as string);
      const ranges = edges.map((to, k) => ({ url: dataset.url, from: k === 0 ? '' : edges[k - 1], to: k === edges.length - 1 ? null : to }));
      const started = process.hrtime.bigint();
      const results = await Promise.all(ranges.map((range) => runVerifyWorker(range)));
      const wall = seconds(started);
      const checked = results.reduce((n, r) => n + r.checked, 0);
      const ok = results.every((r) => r.ok) && checked === result.checked;
      const slowest = Math.max(...results.map((r) => r.seconds));
      parallel.push({
        name: `proposed fix: one-pass canonical JSON + ${workers} processes over stream-id ranges`,
        value: checked / slowest,
        unit: 'events/s',
        baseline: { name: 'PostgresEventStore.verify', value: rate },
        note: `slowest range ${slowest.toFixed(1)} s (${wall.toFixed(1)} s with process start-up), ${ok ? 'ok, same count' : 'MISMATCH'}`,
      });
    }
    // Cost evidence for a server-side check (hash format v2 over jsonb's own canonical text): every row hashed in SQL.
    const sqlStarted = process.hrtime.bigint();
    const { rows: sqlRows } = await pool.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE encode(sha256(convert_to(jsonb_build_array(event_id, stream_id, stream_version, type,
              schema_version, data, metadata, occurred_at, recorded_at, prev_hash)::text, 'UTF8')), 'hex') = hash)::int AS same FROM events`,
    );
    const sqlRate = sqlRows[0].n / seconds(sqlStarted);
    return {
      figures: [
        {
          name: `hash-chain verify, ${(dataset.events / MILLION).toFixed(1)}M events`,
          value: rate,
          unit: 'events/s',
          baseline: { name: 'reading the same pages without hashing', value: readRate },
          target: '≥ 200,000 events/s',
          met: rate >= 200000,
          note: `${elapsed.toFixed(1)} s, ok`,
        },
        {
          name: 'linkHash alone (canonicalJson + sha256), events in memory',
          value: productHash,
          unit: 'events/s',
          note: 'the ceiling of a single-threaded verify',
        },
        {
          name: 'proposed fix: one-pass canonical serialisation + sha256, events in memory',
          value: fastHash,
          unit: 'events/s',
          baseline: { name: 'linkHash', value: productHash },
          note: `${fields.length.toLocaleString('en-US')} events, ${mismatches === 0 ? 'every hash identical to the stored one' : `${mismatches} MISMATCHES`}`,
        },
        ...parallel,
        {
          name: 'server-side sha256 over jsonb text of every row (cost of a hash-format-v2 check in SQL)',
          value: sqlRate,
          unit: 'events/s',
          baseline: { name: 'PostgresEventStore.verify', value: rate },
          note: 'one statement, PostgreSQL parallel workers as configured; chain order checks would add a window function',
        },
      ],
      notes: [describeDataset(dataset)],
    };
  } finally {
    await pool.end();
  }
}

async function queryFigures(dataset: DatasetInfo, iterations: number, label: string): Promise<Figure[]> {
  const pool = new Pool({ connectionString: dataset.url, max: 4 });
  const figures: Figure[] = [];
  try {
    const lots = new LotQueries(pool);
    const top = dataset.sample.topLots;
    const materials = dataset.sample.materialLots;
    // Warm the caches the way a running service has them warm.
    const history = latencyStats(await timeEach(iterations, (i) => lots.history(top[i % top.length])));
    const genealogy = latencyStats(await timeEach(iterations, (i) => lots.genealogy(top[i % top.length], { direction: 'backward', depth: 5 })));
    const both = latencyStats(
      await timeEach(iterations, async (i) => {
        const lot = top[(i * 7) % top.length];
        await lots.history(lot);
        await lots.genealogy(lot, { direction: 'backward', depth: 5 });
      }),
    );
    const forward = latencyStats(await timeEach(iterations, (i) => lots.genealogy(materials[i % materials.length], { direction: 'forward' })));
    const sample = await lots.genealogy(top[Math.floor(top.length / 2)], { direction: 'backward', depth: 5 });
    const sampleHistory = await lots.history(top[Math.floor(top.length / 2)]);
    const nodes = sample?.nodes.length ?? 0;
    const maxDepth = Math.max(0, ...(sample?.nodes.map((n) => n.depth) ?? [0]));
    const events = sampleHistory?.events.length ?? 0;
    const pctl = (s: ReturnType<typeof latencyStats>) => `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms, ${s.samples} queries`;
    figures.push(
      {
        name: `lot history + 5-level genealogy (backward), p99, ${label}`,
        value: both.p99,
        unit: 'ms',
        target: '≤ 20 ms',
        met: both.p99 <= 20,
        note: `${pctl(both)}; ${events} history events, ${nodes} lots, ${maxDepth} levels`,
      },
      { name: `lot history alone, p99, ${label}`, value: history.p99, unit: 'ms', note: pctl(history) },
      { name: `5-level genealogy alone, p99, ${label}`, value: genealogy.p99, unit: 'ms', note: pctl(genealogy) },
      { name: `forward genealogy (recall scope) from a material lot, p99, ${label}`, value: forward.p99, unit: 'ms', note: pctl(forward) },
    );
    const capability = new CharacteristicCapabilityQuery(pool);
    const parts = dataset.sample.parts;
    const first = await capability.capability({ partNumber: parts[0], characteristicId: 'OD-12' });
    const lotsCovered = first.kind === 'ok' ? new Set(first.answer.points.map((p) => p.lotNumber)).size : 0;
    const subgroups = first.kind === 'ok' ? first.answer.subgroups : 0;
    const capIterations = Math.max(50, Math.round(iterations / 4));
    const cap = latencyStats(await timeEach(capIterations, (i) => capability.capability({ partNumber: parts[i % parts.length], characteristicId: 'OD-12' })));
    // Where the time goes: the read-model query (SQL + rows) and the SPC analysis in TypeScript.
    const fetched = latencyStats(await timeEach(capIterations, (i) => capability.subgroups({ partNumber: parts[i % parts.length], characteristicId: 'OD-12' })));
    const rows = await capability.subgroups({ partNumber: parts[0], characteristicId: 'OD-12' });
    const analysis = latencyStats(await timeEach(capIterations, async () => capabilityFromSubgroups({ partNumber: parts[0], characteristicId: 'OD-12' }, rows)));
    figures.push({
      name: `capability of one characteristic over ${lotsCovered.toLocaleString('en-US')} lots, p99, ${label}`,
      value: cap.p99,
      unit: 'ms',
      target: '≤ 50 ms',
      met: cap.p99 <= 50,
      note: `${pctl(cap)}; ${subgroups} subgroups; of which query + rows p50 ${fetched.p50.toFixed(1)} ms (p99 ${fetched.p99.toFixed(1)}), SPC analysis p50 ${analysis.p50.toFixed(1)} ms (p99 ${analysis.p99.toFixed(1)})`,
    });
  } finally {
    await pool.end();
  }
  return figures;
}

/** Query latency at 1M events (scaled by BENCH_SCALE). */
export async function queriesBench(scale = 1): Promise<SuiteResult> {
  const dataset = await ensureDataset(Math.round(MILLION * scale));
  const figures = await queryFigures(dataset, Math.max(200, Math.round(2000 * Math.min(1, scale * 2))), `${(dataset.events / MILLION).toFixed(1)}M events`);
  return { figures, notes: [describeDataset(dataset)] };
}

/** Query latency on the 10M-event store (`npm run bench -- queries-10m`); BENCH_SCALE < 1 shrinks it for a smoke run. */
export async function queries10mBench(scale = 1): Promise<SuiteResult> {
  const dataset = await ensureDataset(Math.round(10 * MILLION * Math.min(1, scale)));
  const figures = await queryFigures(dataset, 2000, `${(dataset.events / MILLION).toFixed(1)}M events`);
  return { figures, notes: [describeDataset(dataset)] };
}

function datasetFigures(d: DatasetInfo): Figure[] {
  return [
    {
      name: `store generation (${d.name}), events written with COPY, hash chains computed with linkHash`,
      value: d.events / d.generateSeconds,
      unit: 'events/s',
      note: `${d.events.toLocaleString('en-US')} events in ${d.generateSeconds.toFixed(0)} s${d.reused ? ', at first build (reused now)' : ''}`,
    },
    {
      name: `read models for ${d.name} (${d.readModelConcurrency ? `batched replay, ${d.readModelConcurrency} pages at once` : 'set-based bulk build'})`,
      value: d.readModelRate,
      unit: 'events/s',
      note: `${d.readModelSeconds.toFixed(0)} s`,
    },
    { name: `disk: database ${d.name}`, value: d.databaseBytes / 2 ** 20, unit: 'MiB', note: `events table ${formatBytes(d.eventsTableBytes)}, read models ${formatBytes(d.readModelBytes)}` },
  ];
}

/** Builds (or finds) the 1M-event store (× BENCH_SCALE) and reports generation time and disk use. */
export async function datasetBench(scale = 1): Promise<SuiteResult> {
  const dataset = await ensureDataset(Math.round(MILLION * scale));
  return { figures: datasetFigures(dataset), notes: [describeDataset(dataset)] };
}

/** The same for the 10M-event store. */
export async function dataset10mBench(scale = 1): Promise<SuiteResult> {
  const dataset = await ensureDataset(Math.round(10 * MILLION * Math.min(1, scale)));
  return { figures: datasetFigures(dataset), notes: [describeDataset(dataset)] };
}

/**
 * `npm run bench -- bulk-check`: the bench-only set-based read-model builder used for the 10M store
 * gives exactly ProjectionRunner's tables (on the 50k-event store × BENCH_SCALE).
 */
export async function bulkCheckBench(scale = 1): Promise<SuiteResult> {
  const dataset = await ensureDataset(Math.round(50_000 * scale));
  const pool = new Pool({ connectionString: dataset.url, max: 8 });
  try {
    for (const schema of ['rm_check_product', 'rm_check_bulk']) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const product = await replayInto(pool, 'rm_check_product');
    const bulk = await bulkBuildReadModels(pool, 'rm_check_bulk');
    const { ALL_READ_MODELS } = await import('@lotstream/schema');
    const differences: string[] = [];
    let tables = 0;
    for (const model of ALL_READ_MODELS) {
      for (const table of model.tables) {
        tables++;
        const n = await tableDifference(pool, 'rm_check_product', 'rm_check_bulk', table);
        if (n > 0) differences.push(`${table}: ${n}`);
      }
    }
    for (const schema of ['rm_check_product', 'rm_check_bulk']) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    return {
      figures: [
        {
          name: `bulk read-model build vs ProjectionRunner, ${dataset.events.toLocaleString('en-US')} events`,
          value: bulk.events / bulk.seconds,
          unit: 'events/s',
          baseline: { name: 'ProjectionRunner replay', value: product.events / product.seconds },
          note: differences.length === 0 ? `all ${tables} tables identical` : `DIFFERENT: ${differences.join(', ')}`,
        },
      ],
    };
  } finally {
    await pool.end();
  }
}
