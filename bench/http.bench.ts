import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import { Pool } from 'pg';
import { Figure, freshDatabase, log, SuiteResult, throughput } from './harness';

/**
 * HTTP ingest through the real app (in a child process: bench/app-server.ts) driven by autocannon:
 * single-event writes (POST /v1/lots/{n}/steps and /inspections) at 1/4/16/64 clients, and
 * POST /v1/batch with 1,000 commands per request. Each figure has its raw-Postgres baseline measured
 * in the same run on the same server: single-row INSERT+commit with as many clients, and multi-row
 * INSERT of 1,000 rows, of the very rows the app stored (same data and metadata, same size).
 */

// autocannon ships no types; the part used here.
interface AutocannonResult {
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p90: number; p99: number; max: number };
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: () => void): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runAutocannon = require('autocannon') as (options: Record<string, unknown>) => AutocannonInstance;

/**
 * autocannon with its `duration` measured to the last response. autocannon itself reports the
 * run's end at its next one-second tick after the last client finishes, so a fixed amount of
 * requests done in 5.2 s reads as 6 s: every rate from its own duration is low by up to a second.
 */
async function autocannon(options: Record<string, unknown>): Promise<AutocannonResult> {
  const started = process.hrtime.bigint();
  let last = started;
  const instance = runAutocannon(options);
  instance.on('response', () => {
    last = process.hrtime.bigint();
  });
  const result = await instance;
  return { ...result, duration: Number(last - started) / 1e9 };
}

export const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const GAUGES = Array.from({ length: 8 }, (_, k) => `GA-${k}`);
const MACHINES = Array.from({ length: 8 }, (_, k) => `MC-${k}`);

export interface AppProcess {
  baseUrl: string;
  child: ChildProcess;
  close(): Promise<void>;
}

/** Starts bench/app-server.ts in its own Node process on `databaseUrl`. */
export async function startApp(databaseUrl: string, env: Record<string, string> = {}, script = 'app-server.ts'): Promise<AppProcess> {
  const child = fork(path.join(__dirname, script), [], {
    execArgv: [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      ...(process.env.BENCH_APP_NODE_OPTIONS ?? '').split(' ').filter(Boolean),
    ],
    env: { ...process.env, DATABASE_URL: databaseUrl, ADMIN_API_KEY: BENCH_ADMIN_KEY, LOG_LEVEL: 'warn', KAFKA_BROKERS: '', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`app exited with ${code} before listening`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export async function post(baseUrl: string, route: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export async function integrationKey(baseUrl: string): Promise<Record<string, string>> {
  const issued = await post(
    baseUrl,
    '/v1/admin/api-keys',
    { role: 'integration', sites: ['*'], label: 'bench MES' },
    { authorization: `Bearer ${BENCH_ADMIN_KEY}` },
  );
  if (issued.status !== 201) throw new Error(`issuing a key failed: ${issued.status} ${JSON.stringify(issued.body)}`);
  return { authorization: `Bearer ${issued.body.apiKey}` };
}

const registerLot = (lotNumber: string, k: number) => ({
  lotNumber,
  partNumber: `PN-${k % 20}`,
  partRevision: 'C',
  quantity: 100000,
  unit: 'pcs',
  siteId: k % 2 ? 'SITE-A' : 'SITE-B',
  routingRevision: 'R3',
});

/** A production step as an MES posts it (~450 bytes of JSON). */
export const stepBody = (i: number) => ({
  stepId: `OP-${i}`,
  operation: ['turning', 'milling', 'drilling', 'grinding'][i % 4],
  sequence: 10 * (1 + (i % 20)),
  workCenter: `WC-${['LATHE', 'MILL', 'DRILL', 'GRIND'][i % 4]}-2`,
  equipmentIds: [MACHINES[i % MACHINES.length]],
  operatorId: `OPR-${100 + (i % 40)}`,
  sopRevision: 'SOP-12 rev D',
  startedAt: '2026-11-25T08:30:00Z',
  completedAt: '2026-11-25T09:10:00Z',
  quantityIn: 500,
  quantityGood: 497,
  quantityScrapped: 3,
  parameters: { spindleSpeedRpm: 2400 + (i % 7) * 100, feedMmPerRev: 0.12, coolant: 'emulsion-6%' },
});

export const inspectionBody = (i: number) => ({
  inspectionId: `IP-${i}`,
  stage: 'IPQC',
  characteristic: { id: 'OD-12', lsl: 11.985, usl: 12.015, nominal: 12.0, unit: 'mm' },
  measurements: [12.001, 11.998, 12.003, 12.0, 11.997].map((x, k) => Math.round((x + ((i + k) % 5) * 0.0005) * 10000) / 10000),
  gaugeId: GAUGES[i % GAUGES.length],
  inspectorId: `INSP-${i % 9}`,
  inspectedAt: '2026-11-25T09:15:00Z',
});

/** Registers equipment and `count` lots (through /v1/batch, falling back to single posts). */
async function seed(baseUrl: string, headers: Record<string, string>, prefix: string, count: number): Promise<string[]> {
  const lots = Array.from({ length: count }, (_, k) => `${prefix}-${k}`);
  for (const chunk of chunks(lots, 1000)) {
    const result = await post(baseUrl, '/v1/batch', { commands: chunk.map((lot, k) => ({ type: 'RegisterLot', payload: registerLot(lot, k) })) }, headers);
    const bad = result.status === 200 ? result.body.results.filter((r: { status: number }) => r.status !== 201) : [];
    if (result.status !== 200 || bad.length > 0)
      throw new Error(`seeding lots failed: ${result.status} ${JSON.stringify(bad[0] ?? result.body).slice(0, 500)}`);
  }
  return lots;
}

async function seedEquipment(baseUrl: string, headers: Record<string, string>): Promise<void> {
  for (const [id, kind] of [...GAUGES.map((g) => [g, 'gauge']), ...MACHINES.map((m) => [m, 'machine'])]) {
    const result = await post(
      baseUrl,
      '/v1/equipment',
      { equipmentId: id, kind, description: `${kind} ${id}`, siteId: 'SITE-A', calibrationIntervalDays: 30 },
      headers,
    );
    if (result.status !== 201 && result.status !== 409) throw new Error(`registering ${id} failed: ${result.status} ${JSON.stringify(result.body)}`);
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Single-event writes: 3 steps for every inspection, spread over lots so that writers rarely meet. */
async function singleEventRun(
  baseUrl: string,
  headers: Record<string, string>,
  lots: string[],
  clients: number,
  amount: number,
  offset: number,
  prefix = '/v1',
): Promise<AutocannonResult> {
  let next = offset;
  return autocannon({
    url: baseUrl,
    connections: clients,
    pipelining: 1,
    amount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (request: AutocannonRequest) => {
          const i = next++;
          const lot = lots[i % lots.length];
          const inspection = i % 4 === 3;
          return {
            ...request,
            method: 'POST',
            path: `${prefix}/lots/${lot}/${inspection ? 'inspections' : 'steps'}`,
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify(inspection ? inspectionBody(i) : stepBody(i)),
          };
        },
      },
    ],
  });
}

const RAW_TABLE = `CREATE TABLE IF NOT EXISTS raw_events (position bigserial PRIMARY KEY, event_id uuid NOT NULL, stream_id text NOT NULL,
  stream_version int NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL, hash text NOT NULL)`;

interface StoredRow {
  stream_id: string;
  type: string;
  data: string;
  metadata: string;
}

async function storedRows(pool: Pool, streamPrefix: string, limit: number): Promise<StoredRow[]> {
  const { rows } = await pool.query(
    `SELECT stream_id, type, data::text AS data, metadata::text AS metadata FROM events
      WHERE stream_id LIKE $1 AND type IN ('ProductionStepCompleted', 'InspectionRecorded') ORDER BY position LIMIT $2`,
    [`${streamPrefix}%`, limit],
  );
  return rows;
}

/** Raw baseline: one INSERT of one row per transaction (autocommit), `clients` at once. */
async function rawSingles(url: string, rows: StoredRow[], clients: number, amount: number): Promise<number> {
  // A pool of its own, closed after: its connections must not stay open while the ceilings run
  // (the server's max_connections is shared by the app, the ceilings and this pool).
  const pool = new Pool({ connectionString: url, max: clients });
  pool.on('error', () => undefined);
  try {
    return await rawSingleRun(pool, rows, clients, amount);
  } finally {
    await pool.end();
  }
}

function rawSingleRun(pool: Pool, rows: StoredRow[], clients: number, amount: number): Promise<number> {
  return throughput(amount, clients, async (i) => {
    const row = rows[i % rows.length];
    await pool.query(
      `INSERT INTO raw_events (event_id, stream_id, stream_version, type, data, metadata, occurred_at, recorded_at, hash)
       VALUES (gen_random_uuid(), $1, $2::int, $3, $4::jsonb, $5::jsonb, now(), now(), md5($1 || $2::text))`,
      [row.stream_id, i, row.type, row.data, row.metadata],
    );
  });
}

/** Raw baseline: multi-row INSERT of 1,000 rows per statement, `clients` at once. */
async function rawBatches(pool: Pool, rows: StoredRow[], clients: number, batches: number, size: number): Promise<number> {
  return throughput(batches, clients, async (b) => {
    const slice = Array.from({ length: size }, (_, k) => rows[(b * size + k) % rows.length]);
    await pool.query(
      `INSERT INTO raw_events (event_id, stream_id, stream_version, type, data, metadata, occurred_at, recorded_at, hash)
       SELECT gen_random_uuid(), s, v::int, t, d::jsonb, m::jsonb, now(), now(), md5(s || v)
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS r(s, t, d, m, v)`,
      [slice.map((r) => r.stream_id), slice.map((r) => r.type), slice.map((r) => r.data), slice.map((r) => r.metadata)],
    );
    return size;
  });
}

export async function httpBench(scale = 1): Promise<SuiteResult> {
  const database = await freshDatabase('bench_http');
  const mode = process.env.BENCH_APP_MODE ?? 'command';
  const app = await startApp(database.url, { BENCH_APP_MODE: mode, DB_POOL_SIZE: process.env.BENCH_DB_POOL_SIZE ?? '20' });
  const raw = new Pool({ connectionString: database.url, max: 8 });
  raw.on('error', () => undefined);
  await raw.query(RAW_TABLE);

  const figures: Figure[] = [];
  const notes: string[] = [
    `App: bench/app-server.ts in its own process, ${mode === 'command' ? 'command-intake role (no projector in the process)' : 'StandaloneModule (projector in the same process)'}, ` +
      `DB_POOL_SIZE ${process.env.BENCH_DB_POOL_SIZE ?? '20'}; load from autocannon in the bench process; every request a new event (durable commit, synchronous_commit on).`,
  ];
  try {
    const headers = await integrationKey(app.baseUrl);
    await seedEquipment(app.baseUrl, headers);
    const levels = (process.env.BENCH_CLIENTS ?? '1,4,16,64').split(',').map(Number);
    const amountFor = (clients: number) => Math.max(300, Math.round((clients === 1 ? 2000 : clients === 4 ? 4000 : 8000) * scale));
    // Warm-up (JIT, pools, caches), not measured.
    const warmLots = await seed(app.baseUrl, headers, 'W', 64);
    await singleEventRun(app.baseUrl, headers, warmLots, 16, Math.max(500, Math.round(2000 * scale)), 0);
    let offset = 1_000_000;
    for (const clients of levels) {
      const amount = amountFor(clients);
      const lots = await seed(app.baseUrl, headers, `C${clients}`, Math.max(clients * 4, Math.ceil(amount / 15)));
      log(`http: ${amount} single-event writes with ${clients} clients over ${lots.length} lots`);
      const result = await singleEventRun(app.baseUrl, headers, lots, clients, amount, offset);
      offset += amount;
      if (result.non2xx > 0 || result.errors > 0) log(`http: ${result.non2xx} non-2xx, ${result.errors} errors at ${clients} clients`);
      const rate = result['2xx'] / result.duration;
      const rows = await storedRows(raw, `lot-C${clients}-`, 5000);
      await raw.query('TRUNCATE raw_events');
      const rawRate = await rawSingles(database.url, rows, clients, amount);
      // The ceilings: the same bodies parsed and INSERTed as the raw baseline's rows, behind node:http
      // alone and behind the product's Nest platform (bench/ceiling-server.ts), each started for its
      // run and closed after it, so that no two pools hold connections at once.
      const ceiling: Record<string, number> = {};
      for (const mode of (process.env.BENCH_CEILINGS ?? 'node,nest').split(',')) {
        const server = await startApp(database.url, { CEILING_MODE: mode, DB_POOL_SIZE: '20' }, 'ceiling-server.ts');
        try {
          await singleEventRun(server.baseUrl, {}, lots, clients, Math.min(500, amount), offset, '/ceiling'); // warm-up
          const run = await singleEventRun(server.baseUrl, {}, lots, clients, amount, offset, '/ceiling');
          if (run.non2xx > 0 || run.errors > 0) throw new Error(`${mode} ceiling: ${run.non2xx} non-2xx, ${run.errors} errors`);
          ceiling[mode] = run['2xx'] / run.duration;
        } finally {
          await server.close();
        }
      }
      figures.push({
        name: `HTTP single-event appends, ${clients} client${clients > 1 ? 's' : ''}`,
        value: rate,
        unit: 'events/s',
        baseline: { name: `raw INSERT+commit, ${clients} client${clients > 1 ? 's' : ''}`, value: rawRate },
        // Issue 22's targets: ≥ 0.5 × raw at 16 and 64 clients, and at 16 also ≥ 0.8 × the node:http ceiling of the same run.
        ...(clients === 16
          ? { target: '≥ 0.5 × raw and ≥ 0.8 × the node:http ceiling', met: rate / rawRate >= 0.5 && (!ceiling.node || rate / ceiling.node >= 0.8) }
          : clients === 64
            ? { target: '≥ 0.5 × raw', met: rate / rawRate >= 0.5 }
            : {}),
        note:
          `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; ${result['2xx']} × 201${result.non2xx ? `, ${result.non2xx} other` : ''}; ` +
          `${(rate / ceiling.nest).toFixed(2)} × the Nest ceiling, ${ceiling.node ? (rate / ceiling.node).toFixed(2) : '?'} × the node:http ceiling below`,
      });
      figures.push({
        name: `ceiling: node:http, body parsed and INSERTed as the raw row, ${clients} client${clients > 1 ? 's' : ''} (no framework, no validation, no event store)`,
        value: ceiling.node,
        unit: 'events/s',
        baseline: { name: 'raw INSERT+commit', value: rawRate },
      });
      figures.push({
        name: `ceiling: the product's Nest platform (createHttpApp: Express, middleware, pipe, filter), same INSERT, ${clients} client${clients > 1 ? 's' : ''}`,
        value: ceiling.nest,
        unit: 'events/s',
        baseline: { name: 'raw INSERT+commit', value: rawRate },
      });
      for (const adapter of ['express', 'fastify']) {
        if (ceiling[`nest-${adapter}`] === undefined) continue;
        figures.push({
          name: `ceiling: a bare Nest app on the ${adapter} adapter (no product middleware, pipe or filter), same INSERT, ${clients} client${clients > 1 ? 's' : ''}`,
          value: ceiling[`nest-${adapter}`],
          unit: 'events/s',
          baseline: { name: 'raw INSERT+commit', value: rawRate },
        });
      }
    }
    // Batch: 1,000 commands per request (steps and inspections over 67 lots of the batch's own).
    // BENCH_HTTP_BATCH=0 leaves it out (a run that compares the ceilings only).
    if (process.env.BENCH_HTTP_BATCH === '0') return { figures, notes };
    const batchClients = Number(process.env.BENCH_BATCH_CLIENTS ?? 4);
    const batches = Math.max(batchClients * 2, Math.round(40 * scale));
    const perLot = 15;
    const lotsPerBatch = Math.ceil(1000 / perLot);
    const batchLots = await seed(app.baseUrl, headers, 'B', (batches + 2) * lotsPerBatch);
    const bodyOf = (b: number) =>
      JSON.stringify({
        commands: Array.from({ length: 1000 }, (_, k) => {
          const i = b * 1000 + k;
          const lotNumber = batchLots[b * lotsPerBatch + Math.floor(k / perLot)];
          return k % 4 === 3
            ? { type: 'RecordInspection', idempotencyKey: `b-${i}`, payload: { lotNumber, ...inspectionBody(i) } }
            : { type: 'RecordProductionStep', idempotencyKey: `b-${i}`, payload: { lotNumber, ...stepBody(i) } };
        }),
      });
    // One warm-up batch (the last lots), then the measured ones.
    const warm = await fetch(`${app.baseUrl}/v1/batch`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: bodyOf(batches + 1),
    });
    if (warm.status !== 200) throw new Error(`batch failed: ${warm.status} ${(await warm.text()).slice(0, 500)}`);
    const warmResults = ((await warm.json()) as { results: Array<{ status: number; problem?: unknown }> }).results;
    const warmBad = warmResults.filter((r) => r.status !== 201);
    if (warmBad.length) throw new Error(`batch items failed: ${warmBad.length}, e.g. ${JSON.stringify(warmBad[0]).slice(0, 500)}`);
    let b = 0;
    log(`http: ${batches} batches of 1,000 with ${batchClients} clients`);
    const result = await autocannon({
      url: app.baseUrl,
      connections: batchClients,
      amount: batches,
      timeout: 120,
      requests: [
        {
          method: 'POST',
          setupRequest: (request: AutocannonRequest) => ({
            ...request,
            method: 'POST',
            path: '/v1/batch',
            headers: { ...headers, 'content-type': 'application/json' },
            body: bodyOf(b++),
          }),
        },
      ],
    });
    const { rows: counted } = await raw.query(`SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'lot-B-%' AND type <> 'LotRegistered'`);
    const appended = counted[0].n - 1000; // less the warm-up batch
    const rate = appended / result.duration;
    const rows = await storedRows(raw, 'lot-B-', 20000);
    await raw.query('TRUNCATE raw_events');
    const rawRate = await rawBatches(raw, rows, batchClients, batches, 1000);
    figures.push({
      name: `HTTP POST /v1/batch, 1,000 commands per request, ${batchClients} clients`,
      value: rate,
      unit: 'events/s',
      baseline: { name: `raw multi-row INSERT of 1,000 rows, ${batchClients} clients`, value: rawRate },
      target: '≥ 0.5 × raw',
      met: rate / rawRate >= 0.5,
      note: `${batches} requests, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; ${appended} events${result.non2xx ? `, ${result.non2xx} non-200` : ''}`,
    });
  } finally {
    await raw.end();
    await app.close();
    await database.drop();
  }
  return { figures, notes };
}
