/**
 * Projection rebuild throughput: a fresh database, ~100,000 realistic events appended with
 * store.appendMany, then replayed from the store (store.readAll pages) through a ProjectionRunner
 * over ALL_READ_MODELS. Not a test; run it by hand:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     npx ts-node --transpile-only -r tsconfig-paths/register bench/projection-throughput.measure.ts
 *
 * MEASURE_PATH  batch (default: ReadModel.handle with the whole page), per-event (handle() called
 *               with one event at a time, per model: the path before batching), or both (per-event
 *               first, then batch, and the two schemas' tables compared row for row).
 * MEASURE_EVENTS  about how many events to generate (default 100000).
 * MEASURE_PAGE    events per readAll page / runner transaction (default 2000).
 * MEASURE_KEEP=1  keep the database (prints its URL) instead of dropping it.
 * MEASURE_PROFILE=1  print where the runner's time goes, per statement (first words of its SQL).
 */
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { type AppendRequest, decodeCheckpoint, type EventToAppend, type PostgresEventStore, START } from '@lotstream/event-store';
import { ProjectionRunner, type ReadModel } from '@lotstream/messaging';
import { ALL_READ_MODELS } from '@lotstream/schema';
import { createTestDatabase } from '@lotstream/testing';
import { prng } from './dataset';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

const TARGET_EVENTS = Number(process.env.MEASURE_EVENTS ?? 100_000);
const PAGE = Number(process.env.MEASURE_PAGE ?? 2000);
const PATH = (process.env.MEASURE_PATH ?? 'batch') as 'batch' | 'per-event' | 'both';

const BASE = Date.parse('2026-01-05T06:00:00Z');
const at = (minutes: number): string => new Date(BASE + minutes * 60_000).toISOString();
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

interface Shop {
  requests: AppendRequest[][];
  events: number;
}

/**
 * A plausible plant: gauges and machines with calibration histories; material lots received from
 * suppliers; production lots that consume material, run 10–20 steps on machines, get inspected
 * (5 measurements per inspection) with gauges, now and then raise a nonconformance or split, and
 * ship; a few prototype builds promoted to production. Grouped into appendMany batches that each
 * hold a slice of the lots, so streams interleave in the store as they would on a shop floor.
 */
function generateShop(targetEvents: number): Shop {
  const random = prng(20261125);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const normal = (): number => {
    let u = 0;
    while (u === 0) u = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const metadata = (siteId: string) => ({ siteId, actor: { keyId: 'k-measure', role: 'operator' }, correlationId: randomUUID() });
  const ev = (type: string, data: Record<string, unknown>, occurredAt: string): EventToAppend => ({ type, data, occurredAt });

  const gauges = Array.from({ length: 30 }, (_, i) => `G${String(i + 1).padStart(3, '0')}`);
  const machines = Array.from({ length: 20 }, (_, i) => `M${String(i + 1).padStart(3, '0')}`);
  const parts = Array.from({ length: 12 }, (_, i) => ({
    partNumber: `PN-${1000 + i}`,
    characteristics: Array.from({ length: 6 }, (_, c) => ({ id: `C${c + 1}`, nominal: 10 + c * 2.5, tol: 0.05 + c * 0.01, unit: 'mm' })),
  }));
  const operations = ['saw', 'turn', 'mill', 'drill', 'deburr', 'wash', 'heat-treat', 'grind', 'hone', 'coat', 'inspect', 'pack'];
  const sites = ['SITE-A', 'SITE-A', 'SITE-A', 'SITE-B'];
  const customers = ['ACME', 'Globex', 'Initech', 'Umbrella', 'Hooli'];

  const batches: AppendRequest[][] = [];
  let events = 0;
  const push = (batch: AppendRequest[], streamId: string, list: EventToAppend[], siteId: string) => {
    batch.push({ streamId, expectedVersion: 'any', events: list, metadata: metadata(siteId) });
    events += list.length;
  };

  // Equipment: registration, then a calibration every ~90 days over two years (some out of tolerance).
  const equipmentBatch: AppendRequest[] = [];
  for (const id of [...gauges, ...machines]) {
    const gauge = id.startsWith('G');
    const list: EventToAppend[] = [
      ev(
        'EquipmentRegistered',
        {
          equipmentId: id,
          kind: gauge ? 'gauge' : 'machine',
          description: `${gauge ? 'Micrometer' : 'CNC lathe'} ${id}`,
          siteId: 'SITE-A',
          calibrationIntervalDays: 90,
        },
        at(-60 * 24 * 30),
      ),
    ];
    for (let k = 0; k < 8; k++) {
      const performed = -60 * 24 * 30 + k * 60 * 24 * 90;
      list.push(
        ev(
          'CalibrationRecorded',
          {
            calibrationId: `CAL-${id}-${k}`,
            performedAt: at(performed),
            asFound: random() < 0.08 ? 'out-of-tolerance' : 'in-tolerance',
            asLeft: 'in-tolerance',
            nextDueAt: at(performed + 60 * 24 * 90),
            certificateRef: `CERT-${id}-${k}`,
            performedBy: 'METRO-1',
          },
          at(performed),
        ),
      );
    }
    push(equipmentBatch, `equipment-${id}`, list, 'SITE-A');
  }
  batches.push(equipmentBatch);

  const materialLots: string[] = [];
  const productionLots: string[] = [];
  let lotNo = 0;
  let minute = 0;
  while (events < targetEvents) {
    const batch: AppendRequest[] = [];
    for (let slot = 0; slot < 60 && events < targetEvents; slot++) {
      minute += 7;
      const siteId = pick(sites);
      // Every fourth lot is received material.
      if (materialLots.length < 5 || random() < 0.25) {
        const lot = `MAT-${++lotNo}`;
        materialLots.push(lot);
        push(
          batch,
          `lot-${lot}`,
          [
            ev(
              'LotRegistered',
              {
                lotNumber: lot,
                partNumber: `RM-${100 + (lotNo % 7)}`,
                partRevision: 'A',
                quantity: 500,
                unit: 'kg',
                siteId,
                kind: 'material',
                supplier: 'SteelCo',
                supplierLotNumber: `SC-${lotNo}`,
              },
              at(minute),
            ),
          ],
          siteId,
        );
        continue;
      }
      const lot = `L-${++lotNo}`;
      const part = pick(parts);
      const list: EventToAppend[] = [
        ev(
          'LotRegistered',
          { lotNumber: lot, partNumber: part.partNumber, partRevision: 'B', quantity: 100, unit: 'pcs', siteId, kind: 'production', routingRevision: 'R3' },
          at(minute),
        ),
      ];
      const inputs = 1 + Math.floor(random() * 2);
      const issued: Array<[string, number]> = [];
      for (let k = 0; k < inputs; k++) {
        const input = materialLots[materialLots.length - 1 - Math.floor(random() * Math.min(40, materialLots.length))];
        const quantity = round3(1 + random() * 5);
        list.push(ev('MaterialConsumed', { inputLotNumber: input, quantity, unit: 'kg', stepId: 'OP10' }, at(minute + 1)));
        issued.push([input, quantity]);
      }
      const steps = 10 + Math.floor(random() * 11);
      let quantity = 100;
      let t = minute + 2;
      for (let s = 0; s < steps; s++) {
        const scrapped = random() < 0.1 ? 1 : 0;
        list.push(
          ev(
            'ProductionStepCompleted',
            {
              stepId: `OP${(s + 1) * 10}`,
              operation: operations[s % operations.length],
              sequence: s + 1,
              workCenter: `WC-${1 + (s % 5)}`,
              equipmentIds: random() < 0.3 ? [pick(machines), pick(gauges)] : [pick(machines)],
              operatorId: `OP-${1 + Math.floor(random() * 40)}`,
              sopRevision: `SOP-${s + 1}-C`,
              startedAt: at(t),
              completedAt: at(t + 25),
              quantityIn: quantity,
              quantityGood: quantity - scrapped,
              quantityScrapped: scrapped,
              parameters: { spindleRpm: 1200 + Math.floor(random() * 400), feed: round3(0.1 + random() * 0.2) },
            },
            at(t + 25),
          ),
        );
        quantity -= scrapped;
        t += 30;
        // An in-process inspection every third step, a final one at the end.
        if (s % 3 === 2 || s === steps - 1) {
          const c = pick(part.characteristics);
          const measurements = Array.from({ length: 5 }, () => round3(c.nominal + normal() * c.tol * 0.3));
          const fail = measurements.some((m) => Math.abs(m - c.nominal) > c.tol);
          list.push(
            ev(
              'InspectionRecorded',
              {
                inspectionId: `INS-${lot}-${s}`,
                stage: s === steps - 1 ? 'final' : 'in-process',
                characteristic: { id: c.id, nominal: c.nominal, lsl: round3(c.nominal - c.tol), usl: round3(c.nominal + c.tol), unit: c.unit },
                partNumber: part.partNumber,
                measurements,
                gaugeId: pick(gauges),
                inspectorId: `QA-${1 + Math.floor(random() * 8)}`,
                inspectedAt: at(t + 5),
                verdict: fail ? 'fail' : 'pass',
              },
              at(t + 5),
            ),
          );
          if (fail && random() < 0.5) {
            list.push(ev('NonconformanceRaised', { ncId: `NC-${lot}-${s}`, description: `${c.id} out of tolerance`, quantityAffected: 2 }, at(t + 6)));
            list.push(ev('NonconformanceDispositioned', { ncId: `NC-${lot}-${s}`, disposition: 'rework', authorizedBy: 'QE-1' }, at(t + 60)));
          }
        }
      }
      // Now and then a split: the parent records LotSplit, the child is registered with splitFrom.
      if (random() < 0.1) {
        const child = `${lot}-S1`;
        list.push(ev('LotSplit', { childLotNumber: child, quantity: 20 }, at(t + 1)));
        push(
          batch,
          `lot-${child}`,
          [
            ev(
              'LotRegistered',
              { lotNumber: child, partNumber: part.partNumber, partRevision: 'B', quantity: 20, unit: 'pcs', siteId, kind: 'production', splitFrom: lot },
              at(t + 1),
            ),
            ev('LotShipped', { shipmentId: `SH-${child}`, customer: pick(customers), quantity: 20, shippedAt: at(t + 120) }, at(t + 120)),
          ],
          siteId,
        );
      }
      list.push(ev('LotShipped', { shipmentId: `SH-${lot}`, customer: pick(customers), quantity, shippedAt: at(t + 90) }, at(t + 90)));
      push(batch, `lot-${lot}`, list, siteId);
      for (const [input, q] of issued)
        push(batch, `lot-${input}`, [ev('MaterialIssued', { toLotNumber: lot, quantity: q, unit: 'kg' }, at(minute + 1))], siteId);
      productionLots.push(lot);
      // A prototype build promoted to production once in a while.
      if (random() < 0.01) {
        const build = `PB-${lotNo}`;
        push(
          batch,
          `prototype-${build}`,
          [
            ev(
              'PrototypeBuildStarted',
              { buildId: build, partNumber: part.partNumber, designRevision: 'D2', siteId, requestedBy: 'ENG-1', purpose: 'fit check' },
              at(minute),
            ),
            ev('PrototypeBuildCompleted', { outcome: 'accepted' }, at(minute + 30)),
            ev(
              'PrototypePromoted',
              { partNumber: part.partNumber, partRevision: 'B', routingRevision: 'R3', sopRevisions: { OP10: 'SOP-1-C' } },
              at(minute + 40),
            ),
          ],
          siteId,
        );
      }
    }
    batches.push(batch);
  }
  return { requests: batches, events };
}

async function appendShop(store: PostgresEventStore, shop: Shop): Promise<void> {
  for (const batch of shop.requests) {
    const outcomes = await store.appendMany(batch);
    const failed = outcomes.find((o) => !o.ok);
    if (failed) throw new Error(`append failed: ${JSON.stringify(failed)}`);
  }
}

/** The read models as they were before batching: each model handles the page one event at a time. */
function perEvent(models: ReadModel[]): ReadModel[] {
  return models.map((model) => ({
    ...model,
    handle: async (tx, events) => {
      for (const event of events) await model.handle(tx, [event]);
    },
  }));
}

const profile = new Map<string, { calls: number; ns: bigint }>();

/** Times every query of clients taken from the pool (MEASURE_PROFILE=1). */
function profiled(pool: Pool): Pool {
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => Promise<PoolClient>;
  // pool.query() connects with a callback: leave that path alone (readAll, ensureSchema).
  (pool as unknown as { connect: (...args: unknown[]) => unknown }).connect = (...args: unknown[]) => (args.length > 0 ? connect(...args) : wrap());
  const wrap = async () => {
    const client = await connect();
    if ((client as unknown as { profiled?: boolean }).profiled) return client;
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { profiled: boolean }).profiled = true;
    (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
      const key = String(args[0]).replace(/\s+/g, ' ').slice(0, 60);
      const t0 = process.hrtime.bigint();
      try {
        return await query(...args);
      } finally {
        const entry = profile.get(key) ?? { calls: 0, ns: 0n };
        entry.calls++;
        entry.ns += process.hrtime.bigint() - t0;
        profile.set(key, entry);
      }
    };
    return client;
  };
  return pool;
}

async function replay(
  pool: Pool,
  store: PostgresEventStore,
  models: ReadModel[],
  schema: string,
  expected: number,
): Promise<{ events: number; seconds: number; applySeconds: number }> {
  profile.clear();
  const runner = new ProjectionRunner(process.env.MEASURE_PROFILE === '1' ? profiled(pool) : pool, models, schema);
  await runner.ensureSchema();
  let after = START;
  let events = 0;
  let applyNs = 0n;
  let waitNs = 0n;
  const started = process.hrtime.bigint();
  for (;;) {
    const page = await store.readAll(after, PAGE);
    if (page.events.length === 0) {
      if (events >= expected) break;
      // Safe order holds back rows newer than the oldest transaction still open anywhere on the
      // server (another database's long transaction too): wait rather than stop short.
      const w0 = process.hrtime.bigint();
      await new Promise((resolve) => setTimeout(resolve, 100));
      waitNs += process.hrtime.bigint() - w0;
      continue;
    }
    const t0 = process.hrtime.bigint();
    await runner.apply(page.events, { source: 'store', value: page.next });
    applyNs += process.hrtime.bigint() - t0;
    events += page.events.length;
    after = decodeCheckpoint(page.next)!;
  }
  // Time spent waiting for other transactions to end is not the projector's: left out.
  const seconds = Number(process.hrtime.bigint() - started - waitNs) / 1e9;
  return { events, seconds, applySeconds: Number(applyNs) / 1e9 };
}

async function tableDigests(pool: Pool, schema: string, models: ReadModel[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of models.flatMap((m) => m.tables)) {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM ${schema}.${table} t`,
    );
    out[table] = `${rows[0].n} rows ${rows[0].digest}`;
  }
  return out;
}

async function main(): Promise<void> {
  const db = await createTestDatabase(4);
  try {
    const shop = generateShop(TARGET_EVENTS);
    let t = process.hrtime.bigint();
    await appendShop(db.store, shop);
    const appendSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    console.log(`generated and appended ${shop.events} events in ${appendSeconds.toFixed(1)} s (${Math.round(shop.events / appendSeconds)} events/s)`);
    await db.pool.query('VACUUM ANALYZE events');

    const runs: Array<[string, ReadModel[], string]> = [];
    if (PATH === 'per-event' || PATH === 'both') runs.push(['per-event (before)', perEvent(ALL_READ_MODELS), 'rm_measure_per_event']);
    if (PATH === 'batch' || PATH === 'both') runs.push(['batch (after)', ALL_READ_MODELS, 'rm_measure']);
    const digests: Array<Record<string, string>> = [];
    for (const [label, models, schema] of runs) {
      t = process.hrtime.bigint();
      const result = await replay(db.pool, db.store, models, schema, shop.events);
      console.log(
        `${label.padEnd(20)} ${result.events} events, page ${PAGE}: rebuild ${result.seconds.toFixed(2)} s = ${Math.round(result.events / result.seconds)} events/s ` +
          `(runner.apply alone ${Math.round(result.events / result.applySeconds)} events/s)`,
      );
      if (process.env.MEASURE_PROFILE === '1') {
        for (const [sql, { calls, ns }] of [...profile.entries()].sort((a, b) => Number(b[1].ns - a[1].ns)).slice(0, 25)) {
          console.log(`  ${(Number(ns) / 1e6).toFixed(0).padStart(7)} ms ${String(calls).padStart(7)} calls  ${sql}`);
        }
      }
      digests.push(await tableDigests(db.pool, schema, ALL_READ_MODELS));
    }
    if (digests.length === 2) {
      const differing = Object.keys(digests[0]).filter((table) => digests[0][table] !== digests[1][table]);
      console.log(differing.length === 0 ? 'tables identical between the two paths' : `TABLES DIFFER: ${differing.join(', ')}`);
      if (differing.length > 0) process.exitCode = 1;
    }
    const counts = digests[digests.length - 1];
    console.log(
      Object.entries(counts)
        .map(([table, v]) => `  ${table}: ${v.split(' ')[0]}`)
        .join('\n'),
    );
  } finally {
    if (process.env.MEASURE_KEEP === '1') console.log(`kept ${db.url}`);
    else await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
