import { readFileSync } from 'node:fs';
import { Figure, freshDatabase, log, SuiteResult } from './harness';
import { inspectionBody, post, stepBody } from './http.bench';
import { startOnce } from './start.bench';

// autocannon ships no types; the part used here.
interface AutocannonResult {
  '2xx': number;
  non2xx: number;
  errors: number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  stop(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runAutocannon = require('autocannon') as (options: Record<string, unknown>) => AutocannonInstance;

const ADMIN_KEY = 'bench-memory-admin-key-0123456789';

/**
 * `npm run bench -- memory`: the resident memory of the serving process that `npm start` runs (the
 * compiled standalone, everything in one process, the projector fed in-process) under the http
 * suite's 16-client load of single-event writes (three steps for every inspection), sampled every
 * BENCH_MEMORY_SAMPLE_S seconds (default 5) for BENCH_MEMORY_SECONDS (default 60; 600 for the
 * 10-minute figure). Reported: RSS when ready, the highest sample, the last, and the growth between
 * the means of the second and the last quarter of the run (flat = no growth once warmed up).
 */
export async function memoryBench(scale = 1): Promise<SuiteResult> {
  const seconds = Math.max(10, Number(process.env.BENCH_MEMORY_SECONDS ?? 60 * Math.min(1, scale)));
  const every = Math.max(1, Number(process.env.BENCH_MEMORY_SAMPLE_S ?? 5));
  const database = await freshDatabase('bench_memory');
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn', ADMIN_API_KEY: ADMIN_KEY, NODE_ENV: 'production' };
  delete env.KAFKA_BROKERS;
  const port = 37000 + (process.pid % 1000);
  const { child, rss: readyRss } = await startOnce('standalone', 'compiled', env, port);
  const baseUrl = `http://127.0.0.1:${port}`;
  const samples: Array<{ t: number; rss: number }> = [];
  try {
    const issued = await post(
      baseUrl,
      '/v1/admin/api-keys',
      { role: 'integration', sites: ['*'], label: 'bench memory' },
      { authorization: `Bearer ${ADMIN_KEY}` },
    );
    if (issued.status !== 201) throw new Error(`issuing a key failed: ${issued.status} ${JSON.stringify(issued.body)}`);
    const headers = { authorization: `Bearer ${issued.body.apiKey}`, 'content-type': 'application/json' };
    for (const [id, kind] of [...Array.from({ length: 8 }, (_, k) => [`GA-${k}`, 'gauge']), ...Array.from({ length: 8 }, (_, k) => [`MC-${k}`, 'machine'])]) {
      const r = await post(
        baseUrl,
        '/v1/equipment',
        { equipmentId: id, kind, description: `${kind} ${id}`, siteId: 'SITE-A', calibrationIntervalDays: 30 },
        headers,
      );
      if (r.status !== 201) throw new Error(`registering ${id} failed: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const lots = Array.from({ length: 480 }, (_, k) => `MEM-${k}`);
    const seeded = await post(
      baseUrl,
      '/v1/batch',
      {
        commands: lots.map((lotNumber, k) => ({
          type: 'RegisterLot',
          payload: { lotNumber, partNumber: `PN-${k % 20}`, partRevision: 'C', quantity: 100000, unit: 'pcs', siteId: 'SITE-A', routingRevision: 'R3' },
        })),
      },
      headers,
    );
    if (seeded.status !== 200) throw new Error(`seeding lots failed: ${seeded.status} ${JSON.stringify(seeded.body).slice(0, 500)}`);
    const rssOf = (): number => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
    let next = 0;
    const load = runAutocannon({
      url: baseUrl,
      connections: 16,
      pipelining: 1,
      duration: seconds,
      timeout: 30,
      requests: [
        {
          setupRequest: (request: AutocannonRequest) => {
            const i = next++;
            const inspection = i % 4 === 3;
            return {
              ...request,
              method: 'POST',
              path: `/v1/lots/${lots[i % lots.length]}/${inspection ? 'inspections' : 'steps'}`,
              headers,
              body: JSON.stringify(inspection ? inspectionBody(i) : stepBody(i)),
            };
          },
        },
      ],
    });
    const started = Date.now();
    const sampler = setInterval(() => {
      const t = (Date.now() - started) / 1000;
      samples.push({ t, rss: rssOf() });
      if (samples.length % 12 === 0) log(`memory: ${t.toFixed(0)} s, RSS ${samples[samples.length - 1].rss.toFixed(0)} MiB, ${next} requests`);
    }, every * 1000);
    const result = await load;
    clearInterval(sampler);
    samples.push({ t: (Date.now() - started) / 1000, rss: rssOf() });
    const mean = (from: number, to: number): number => {
      const part = samples.filter((s) => s.t >= from * seconds && s.t < to * seconds);
      return part.reduce((sum, s) => sum + s.rss, 0) / Math.max(1, part.length);
    };
    const highest = Math.max(...samples.map((s) => s.rss));
    const growth = mean(0.75, 1.01) - mean(0.25, 0.5);
    const rate = result['2xx'] / seconds;
    const figures: Figure[] = [
      { name: 'npm start (compiled standalone): resident memory when ready', value: readyRss / 2 ** 20, unit: 'MiB' },
      {
        name: `… highest RSS under 16 clients over ${seconds} s`,
        value: highest,
        unit: 'MiB',
        target: '≤ 300 MB',
        met: highest * 2 ** 20 <= 300e6,
        note: `${Math.round(rate)} writes/s (${result['2xx']} 2xx, ${result.non2xx} other, ${result.errors} errors)`,
      },
      { name: '… RSS at the end of the load', value: samples[samples.length - 1].rss, unit: 'MiB' },
      {
        name: '… growth: mean RSS of the last quarter − of the second quarter',
        value: growth,
        unit: 'MiB',
        target: 'flat',
        note: `samples every ${every} s: ${samples.map((s) => s.rss.toFixed(0)).join(' ')}`,
      },
    ];
    return {
      figures,
      notes: [`BENCH_MEMORY_SECONDS=${seconds}; VmRSS of the node process serving; database on the same machine, no Kafka (npm start's in-process feed)`],
    };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await database.drop();
  }
}
