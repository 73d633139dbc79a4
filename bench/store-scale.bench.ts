import { Pool } from 'pg';
import { SESSION_OPTIONS } from '@lotstream/platform';
import * as os from 'node:os';
import { PostgresEventStore, START, decodeCheckpoint } from '@lotstream/event-store';
import { READ_MODEL_SCHEMA } from '@lotstream/messaging';
import { capabilityFromSubgroups, CharacteristicCapabilityQuery } from '@lotstream/repeatability';
import { EquipmentQueries, LotQueries, PeopleDocumentQueries } from '@lotstream/traceability';
import { ALL_READ_MODELS } from '@lotstream/schema';
import type { Actor } from '@lotstream/access';
import { FirstArticleQuery } from '@lotstream/quality';
import { ReleaseReadinessController } from '../libs/quality/src/release/release-readiness.controller';
import { SupplierScorecardController } from '../libs/suppliers/src/supplier/supplier-scorecard/supplier-scorecard.controller';
import { SuppliersController } from '../libs/suppliers/src/suppliers.controller';
import { bulkBuildReadModels } from './bulk-read-models';
import { DatasetInfo, ensureDataset, rebuildReadModels, replayInto, waitForHorizon } from './dataset';
import { tableDifference } from './table-difference';
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
    `read models built in ${d.readModelSeconds.toFixed(0)} s (${Math.round(d.readModelRate).toLocaleString('en-US')} events/s, ${readModelBuildOf(d)})` +
    (d.reused ? '; reused from an earlier run' : '')
  );
}

/** What built a dataset's read models (stores built before `readModelBuild` was recorded say it differently). */
function readModelBuildOf(d: DatasetInfo & { readModelConcurrency?: number }): string {
  if (d.readModelBuild) return d.readModelBuild;
  return d.readModelConcurrency ? `batched replay prototype, ${d.readModelConcurrency} pages at once` : 'set-based bulk build, bench/bulk-read-models.ts';
}

/**
 * Projection rebuild: the product's ProjectionRebuild (POST /v1/admin/projections/rebuild,
 * `npx lotstream rebuild`) over the whole store, swapped in as the store's `rm`; then, as the
 * reference, ProjectionRunner applying the store a page of 1,000 at a time (the live feed's way),
 * whose tables the rebuilt ones must equal row for row.
 */
export async function rebuildBench(scale = 1): Promise<SuiteResult> {
  const dataset = await ensureDataset(Math.round(MILLION * scale));
  const pool = new Pool({ connectionString: dataset.url, max: 8, options: SESSION_OPTIONS });
  const figures: Figure[] = [];
  const notes = [describeDataset(dataset)];
  const reference = 'rm_bench_reference';
  try {
    // The read side alone (the rebuild's pages in safe order, rows parsed): the ceiling for any replay.
    const store = new PostgresEventStore(pool);
    await waitForHorizon(pool);
    let cursor = START;
    let read = 0;
    const readStarted = process.hrtime.bigint();
    for (;;) {
      const page = await store.readAll(cursor, 5000);
      read += page.events.length;
      if (page.events.length < 5000) break;
      cursor = decodeCheckpoint(page.next)!;
    }
    const readRate = read / seconds(readStarted);
    log(`rebuild: readAll alone ${Math.round(readRate)} events/s`);
    await pool.query(`DROP SCHEMA IF EXISTS ${reference} CASCADE`);
    // Each timed run starts without the previous one's dirty pages to write back.
    await pool.query('CHECKPOINT').catch(() => undefined);
    const load = os.loadavg()[0];
    const rebuilt = await rebuildReadModels(pool, 'rebuild (ProjectionRebuild)');
    const rate = rebuilt.events / rebuilt.seconds;
    await pool.query('CHECKPOINT').catch(() => undefined);
    const referenceLoad = os.loadavg()[0];
    const replayed = await replayInto(pool, reference, {
      onProgress: (n) => log(`rebuild reference (ProjectionRunner): ${n.toLocaleString('en-US')} events applied`),
    });
    const differences: string[] = [];
    let tables = 0;
    for (const model of ALL_READ_MODELS) {
      for (const table of model.tables) {
        tables++;
        const n = await tableDifference(pool, READ_MODEL_SCHEMA, reference, table);
        if (n > 0) differences.push(`${table}: ${n} rows`);
      }
    }
    const phases = Object.entries(rebuilt.phases)
      .map(([state, s]) => `${state} ${s.toFixed(1)} s`)
      .join(', ');
    figures.push(
      {
        name: `projection rebuild from the store, ${(dataset.events / MILLION).toFixed(1)}M events, all read models (ProjectionRebuild, swapped in)`,
        value: rate,
        unit: 'events/s',
        baseline: { name: 'readAll pages of 5,000 alone', value: readRate },
        target: '≥ 30,000 events/s',
        met: rate >= 30000,
        note: `${rebuilt.seconds.toFixed(0)} s (${phases}), load ${load.toFixed(2)} at start; tables ${differences.length === 0 ? `identical to the reference's (all ${tables})` : `DIFFER: ${differences.join(', ')}`}`,
      },
      {
        name: 'reference: ProjectionRunner applying the store a page of 1,000 at a time (the live feed)',
        value: replayed.events / replayed.seconds,
        unit: 'events/s',
        baseline: { name: 'ProjectionRebuild', value: rate },
        note: `${replayed.seconds.toFixed(0)} s, load ${referenceLoad.toFixed(2)} at start`,
      },
    );
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${reference} CASCADE`).catch(() => undefined);
    await pool.end();
  }
  return { figures, notes };
}

/**
 * Hash-chain verification of the whole store with the product's PostgresEventStore.verify (format v2
 * rows checked by one parallel statement in PostgreSQL, v1 rows in Node), three runs; and of one
 * stream at a time, as `GET /v1/audit/verify?streamId=` does it.
 */
export async function verifyBench(scale = 1): Promise<SuiteResult> {
  const dataset = await ensureDataset(Math.round(MILLION * scale));
  const pool = new Pool({ connectionString: dataset.url, max: 4, options: SESSION_OPTIONS });
  try {
    const store = new PostgresEventStore(pool);
    const { rows: formats } = await pool.query(`SELECT hash_version, count(*)::int AS n FROM events GROUP BY 1 ORDER BY 1`);
    const formatNote = formats.map((f) => `${f.n.toLocaleString('en-US')} events in hash format v${f.hash_version}`).join(', ');
    // What no verifier in Node can beat: the events read in pages through node-postgres, nothing checked.
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
    const runs: Array<{ rate: number; seconds: number; load: number }> = [];
    for (let k = 0; k < 3; k++) {
      const load = os.loadavg()[0];
      const started = process.hrtime.bigint();
      const result = await store.verify();
      const elapsed = seconds(started);
      if (!result.ok) throw new Error(`verify failed on the bench store: ${JSON.stringify(result.firstBroken)}`);
      if (result.checked !== read) throw new Error(`verify checked ${result.checked} events of ${read}`);
      runs.push({ rate: result.checked / elapsed, seconds: elapsed, load });
      log(`verify: run ${k + 1}, ${Math.round(result.checked / elapsed).toLocaleString('en-US')} events/s (${elapsed.toFixed(1)} s, load ${load.toFixed(1)})`);
    }
    const median = [...runs].sort((a, b) => a.rate - b.rate)[1];
    // One stream at a time: lots of ~25 events and equipment streams of a few hundred.
    const { rows: streams } = await pool.query(`SELECT stream_id, version FROM streams ORDER BY stream_id`);
    const picked = Array.from({ length: 200 }, (_, k) => streams[Math.floor(((k + 0.5) * streams.length) / 200)]);
    const single = latencyStats(await timeEach(picked.length, (i) => store.verify(picked[i].stream_id)));
    const perStream = picked.reduce((n, p) => n + p.version, 0) / picked.length;
    return {
      figures: [
        {
          name: `hash-chain verify, ${(dataset.events / MILLION).toFixed(1)}M events (PostgresEventStore.verify, median of 3 runs)`,
          value: median.rate,
          unit: 'events/s',
          baseline: { name: 'reading the same events in pages through node-postgres, nothing checked', value: readRate },
          target: '≥ 200,000 events/s',
          met: median.rate >= 200000,
          note: `${runs.map((r) => `${Math.round(r.rate).toLocaleString('en-US')}/s in ${r.seconds.toFixed(1)} s at load ${r.load.toFixed(1)}`).join('; ')}; ${formatNote}; ok`,
        },
        {
          name: `verify one stream (${perStream.toFixed(0)} events on average), p99`,
          value: single.p99,
          unit: 'ms',
          note: `p50 ${single.p50.toFixed(1)} ms, max ${single.max.toFixed(1)} ms, ${single.samples} streams`,
        },
      ],
      notes: [describeDataset(dataset)],
    };
  } finally {
    await pool.end();
  }
}

async function queryFigures(dataset: DatasetInfo, iterations: number, label: string): Promise<Figure[]> {
  const pool = new Pool({ connectionString: dataset.url, max: 4, options: SESSION_OPTIONS });
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
    const pctl = (s: ReturnType<typeof latencyStats>) =>
      `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms, ${s.samples} queries`;
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
    // People and procedures: a person's impact (every step judged, the lots reached forward, shipments)
    // and their record, for operators half of whom had a qualification revoked retroactively.
    const people = new PeopleDocumentQueries(pool);
    const persons = dataset.sample.people ?? [];
    if (persons.length) {
      const now = new Date();
      const impact = latencyStats(await timeEach(Math.max(60, Math.round(iterations / 10)), (i) => people.impact(persons[i % persons.length])));
      const record = latencyStats(await timeEach(Math.max(60, Math.round(iterations / 10)), (i) => people.person(persons[i % persons.length], now)));
      const revoked = await people.impact(persons[0]);
      const judged = await people.person(persons[0], now);
      figures.push(
        {
          name: `person impact (steps judged, lots reached, shipments), p99, ${label}`,
          value: impact.p99,
          unit: 'ms',
          target: '≤ 20 ms',
          met: impact.p99 <= 20,
          note: `${pctl(impact)}; ${judged?.stepsTotal ?? 0} steps of one operator judged, ${revoked?.steps.length ?? 0} unqualified, ${revoked?.reachedLots.length ?? 0} lots reached`,
        },
        { name: `person record (qualifications, trainings, latest 200 steps judged), p99, ${label}`, value: record.p99, unit: 'ms', note: pctl(record) },
      );
    }
    figures.push(...(await roundTwoFigures(pool, dataset, iterations, label)));
    const capability = new CharacteristicCapabilityQuery(pool);
    const parts = dataset.sample.parts;
    const first = await capability.capability({ partNumber: parts[0], characteristicId: 'OD-12' });
    const lotsCovered = first.kind === 'ok' ? new Set(first.answer.points.map((p) => p.lotNumber)).size : 0;
    const subgroups = first.kind === 'ok' ? first.answer.subgroups : 0;
    const capIterations = Math.max(50, Math.round(iterations / 4));
    const cap = latencyStats(await timeEach(capIterations, (i) => capability.capability({ partNumber: parts[i % parts.length], characteristicId: 'OD-12' })));
    // Where the time goes: the read-model query (SQL + rows) and the SPC analysis in TypeScript.
    const fetched = latencyStats(
      await timeEach(capIterations, (i) => capability.subgroups({ partNumber: parts[i % parts.length], characteristicId: 'OD-12' })),
    );
    const rows = await capability.subgroups({ partNumber: parts[0], characteristicId: 'OD-12' });
    const analysis = latencyStats(
      await timeEach(capIterations, async () => capabilityFromSubgroups({ partNumber: parts[0], characteristicId: 'OD-12' }, rows)),
    );
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

/** A read key of every site, as the routes below are asked. */
const READER: Actor = { keyId: 'bench-reader', role: 'quality', label: 'bench reader', sites: ['*'] };

/**
 * The round-two read routes, each through what its controller calls: release readiness (the
 * controller itself, from the streams), supplier scorecard and sampling (the controllers), a lot's
 * first article forms and a part's first-article status (FirstArticleQuery), a gauge R&R study
 * (EquipmentQueries). Each note says how many rows the answers had, so an empty answer shows.
 */
async function roundTwoFigures(pool: Pool, dataset: DatasetInfo, iterations: number, label: string): Promise<Figure[]> {
  const store = new PostgresEventStore(pool);
  const top = dataset.sample.topLots;
  const parts = dataset.sample.parts;
  const suppliers = dataset.sample.suppliers ?? [];
  const studies = dataset.sample.studies ?? [];
  if (suppliers.length === 0 || studies.length === 0)
    throw new Error(`${dataset.name} has no suppliers or MSA studies in its sample: a store of generator version 7 is needed`);
  const n = Math.max(60, Math.round(iterations / 10));
  // A route far off its target (seconds per answer) is timed for 20 s at most, not n times.
  const timed = (op: (i: number) => Promise<unknown>) => timeEach(n, op, Math.min(50, n), 20_000);
  const pctl = (s: ReturnType<typeof latencyStats>) =>
    `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms, ${s.samples} queries`;
  const figure = (name: string, s: ReturnType<typeof latencyStats>, rows: string): Figure => ({
    name: `${name}, p99, ${label}`,
    value: s.p99,
    unit: 'ms',
    target: '≤ 20 ms',
    met: s.p99 <= 20,
    note: `${pctl(s)}; ${rows}`,
  });
  const figures: Figure[] = [];

  const readiness = new ReleaseReadinessController(store);
  const ready = latencyStats(await timed((i) => readiness.readiness(READER, top[i % top.length])));
  const readinessAnswers = await Promise.all(top.slice(0, 20).map((lot) => readiness.readiness(READER, lot)));
  const released = readinessAnswers.filter((a) => a.release.status !== 'none').length;
  figures.push(
    figure(
      'release readiness of a level-5 lot (gates from its stream and the streams it names)',
      ready,
      `${readinessAnswers[0].gates.length} gates per answer; of 20 lots ${readinessAnswers.filter((a) => a.ready).length} ready, ${released} released`,
    ),
  );

  const scorecards = new SupplierScorecardController(store, pool);
  const score = latencyStats(await timed((i) => scorecards.scorecard(READER, suppliers[i % suppliers.length].supplierId)));
  const card = (await scorecards.scorecard(READER, suppliers[0].supplierId)) as unknown as Record<string, unknown>;
  figures.push(figure('supplier scorecard (all time)', score, `one supplier: ${JSON.stringify(card)}`));

  const supplierRoutes = new SuppliersController(undefined as never, store, () => new Date());
  const sampling = latencyStats(
    await timed((i) => supplierRoutes.sampling(READER, suppliers[i % suppliers.length].supplierId, suppliers[i % suppliers.length].partNumber, '2000')),
  );
  const plan = await supplierRoutes.sampling(READER, suppliers[0].supplierId, suppliers[0].partNumber, '2000');
  figures.push(figure('supplier sampling (GET v1/suppliers/:supplierId/sampling, lot of 2,000)', sampling, `one answer: ${JSON.stringify(plan)}`));

  const firstArticle = new FirstArticleQuery(store, pool);
  const forms = latencyStats(await timed((i) => firstArticle.forms(top[i % top.length])));
  const oneForms = await firstArticle.forms(top[0]);
  figures.push(
    figure(
      'first article forms of a level-5 lot',
      forms,
      `one lot: ${oneForms?.forms.form2.materials.length ?? 0} Form 2 materials, ${oneForms?.forms.form3.characteristics.length ?? 0} Form 3 rows`,
    ),
  );
  const status = latencyStats(await timed((i) => firstArticle.status(parts[i % parts.length], ['*'])));
  const oneStatus = await firstArticle.status(parts[0], ['*']);
  figures.push(figure("a part's first-article status", status, `one part: due ${oneStatus?.due}, ${oneStatus?.reasons.length ?? 0} reasons`));

  const equipment = new EquipmentQueries(pool);
  const msa = latencyStats(await timed((i) => equipment.msaStudy(studies[i % studies.length].equipmentId, studies[i % studies.length].studyId)));
  const oneStudy = await equipment.msaStudy(studies[0].equipmentId, studies[0].studyId);
  figures.push(
    figure(
      'a gauge R&R study (MSA) of a gauge',
      msa,
      `${studies.length} studies in the store; one: ${oneStudy ? `${Object.keys(oneStudy).length} fields, ${Array.isArray(oneStudy.measurements) ? oneStudy.measurements.length : 0} measurements, verdict ${oneStudy.verdict}` : 'NOT FOUND'}`,
    ),
  );
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
      name: `store generation (${d.name}), events written with COPY, hash chains computed with linkHashV2 (hash format v2)`,
      value: d.events / d.generateSeconds,
      unit: 'events/s',
      note: `${d.events.toLocaleString('en-US')} events in ${d.generateSeconds.toFixed(0)} s${d.reused ? ', at first build (reused now)' : ''}`,
    },
    {
      name: `read models for ${d.name} (${readModelBuildOf(d)})`,
      value: d.readModelRate,
      unit: 'events/s',
      note: `${d.readModelSeconds.toFixed(0)} s`,
    },
    {
      name: `disk: database ${d.name}`,
      value: d.databaseBytes / 2 ** 20,
      unit: 'MiB',
      note: `events table ${formatBytes(d.eventsTableBytes)}, read models ${formatBytes(d.readModelBytes)}`,
    },
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
  const pool = new Pool({ connectionString: dataset.url, max: 8, options: SESSION_OPTIONS });
  try {
    for (const schema of ['rm_check_product', 'rm_check_bulk']) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const product = await replayInto(pool, 'rm_check_product');
    const bulk = await bulkBuildReadModels(pool, 'rm_check_bulk');
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
