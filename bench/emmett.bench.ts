import { randomUUID } from 'node:crypto';
import { Pool, types } from 'pg';
import { PostgresEventStore } from '@lotstream/event-store';
import { openDatabase, poolOf } from '@lotstream/platform';
import { ALL_MIGRATIONS } from '@lotstream/schema';
import { Figure, freshDatabase, log, SuiteResult, throughput } from './harness';
import { inspectionBody, stepBody } from './http.bench';

/**
 * Library-level appends: PostgresEventStore.append against @event-driven-io/emmett-postgresql's
 * appendToStream on the same PostgreSQL server (each in a database of its own), the same events
 * (a production step or an inspection with the same metadata), the same number of concurrent
 * writers each appending to streams of its own with an expected version, alternating the two
 * stores in rounds so that drift of the shared machine hits both alike.
 */

const RAW_TABLE = `CREATE TABLE IF NOT EXISTS raw_events (id bigserial PRIMARY KEY, stream_id text NOT NULL, type text NOT NULL,
  data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`;

// emmett-postgresql sets global pg type parsers for json/jsonb when it builds a pool: restore ours after.
const JSON_TYPES = [114, 3802];

interface Emmett {
  appendToStream(
    stream: string,
    events: Array<{ type: string; data: unknown; metadata?: unknown }>,
    options?: { expectedStreamVersion?: unknown },
  ): Promise<unknown>;
  close(): Promise<void>;
}

const metadata = (w: number) => ({
  actor: { keyId: 'key-mes-1', role: 'integration', label: 'MES line 1' },
  siteId: 'SITE-A',
  correlationId: `corr-${w}`,
});

const eventOf = (i: number) =>
  i % 4 === 3
    ? { type: 'InspectionRecorded', data: { ...inspectionBody(i), verdict: 'pass', partNumber: 'PN-1' } as Record<string, unknown> }
    : { type: 'ProductionStepCompleted', data: stepBody(i) as Record<string, unknown> };

export async function emmettBench(scale = 1): Promise<SuiteResult> {
  const ours = await freshDatabase('bench_es_ours');
  const theirs = await freshDatabase('bench_es_emmett');
  const saved = JSON_TYPES.map((oid) => types.getTypeParser(oid));
  const dataSource = await openDatabase(ours.url, ALL_MIGRATIONS, 40);
  const store = new PostgresEventStore(poolOf(dataSource));
  const emmettPool = new Pool({ connectionString: theirs.url, max: 40 });
  emmettPool.on('error', () => undefined);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const emmettModule = require('@event-driven-io/emmett-postgresql') as {
    getPostgreSQLEventStore(url: string, options: Record<string, unknown>): Emmett;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { STREAM_DOES_NOT_EXIST } = require('@event-driven-io/emmett') as { STREAM_DOES_NOT_EXIST: unknown };
  const emmett = emmettModule.getPostgreSQLEventStore(theirs.url, { connectionOptions: { pool: emmettPool } });
  JSON_TYPES.forEach((oid, k) => types.setTypeParser(oid, saved[k]));
  const figures: Figure[] = [];
  const notes = [
    'Both stores on the same server, empty databases of their own, one append = one transaction with an optimistic expected-version check. ' +
      'emmett-postgresql 0.42.0 appends through its plpgsql function emt_append_to_stream inside BEGIN … COMMIT (three round trips); ' +
      'Lotstream appends with one statement (stream head + events + hash chain); appends that arrive while four writes are in flight go together as one statement (PostgresEventStore.append).',
  ];
  try {
    // Warm-up: creates emmett's schema (auto-migration) and warms both paths.
    await emmett.appendToStream(`warm-${randomUUID()}`, [eventOf(0)], { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
    await store.append({
      streamId: `lot-warm-${randomUUID()}`,
      expectedVersion: 'no-stream',
      events: [{ ...eventOf(0), occurredAt: '2026-11-25T09:10:00Z' }],
      metadata: metadata(0),
    });
    JSON_TYPES.forEach((oid, k) => types.setTypeParser(oid, saved[k]));
    const configs = [
      { writers: 16, perAppend: 1, appends: Math.max(400, Math.round(8000 * scale)), target: true },
      { writers: 1, perAppend: 1, appends: Math.max(200, Math.round(2000 * scale)), target: false },
      { writers: 4, perAppend: 100, appends: Math.max(20, Math.round(200 * scale)), target: false },
    ];
    for (const config of configs) {
      // Short rounds on a shared machine drift: several alternating rounds, every round's ratio reported.
      const rounds = Math.max(1, Number(process.env.BENCH_EMMETT_ROUNDS ?? 4));
      let oursTotal = 0;
      let theirsTotal = 0;
      const ratios: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const tag = `${config.writers}-${config.perAppend}-${round}`;
        const oursVersions = new Map<number, number>();
        const oursRate = await throughput(config.appends, config.writers, async (i, w) => {
          const version = oursVersions.get(w) ?? 0;
          await store.append({
            streamId: `lot-${tag}-${w}`,
            expectedVersion: version === 0 ? 'no-stream' : version,
            events: Array.from({ length: config.perAppend }, (_, k) => ({ ...eventOf(i * config.perAppend + k), occurredAt: '2026-11-25T09:10:00Z' })),
            metadata: metadata(w),
          });
          oursVersions.set(w, version + config.perAppend);
          return config.perAppend;
        });
        const theirVersions = new Map<number, number>();
        const theirRate = await throughput(config.appends, config.writers, async (i, w) => {
          const version = theirVersions.get(w) ?? 0;
          await emmett.appendToStream(
            `lot-${tag}-${w}`,
            Array.from({ length: config.perAppend }, (_, k) => ({ ...eventOf(i * config.perAppend + k), metadata: metadata(w) })),
            { expectedStreamVersion: version === 0 ? STREAM_DOES_NOT_EXIST : BigInt(version) },
          );
          theirVersions.set(w, version + config.perAppend);
          return config.perAppend;
        });
        log(
          `emmett: ${config.writers} writers × ${config.perAppend}/append round ${round}: ours ${Math.round(oursRate)}, emmett ${Math.round(theirRate)} events/s`,
        );
        oursTotal += oursRate;
        theirsTotal += theirRate;
        ratios.push(oursRate / theirRate);
      }
      const value = oursTotal / rounds;
      const baseline = theirsTotal / rounds;
      // The ceiling for any store on this server: one raw INSERT of the same row per transaction.
      let ceiling: number | undefined;
      if (config.target) {
        await emmettPool.query(RAW_TABLE);
        ceiling = await throughput(config.appends, config.writers, async (i, w) => {
          const event = eventOf(i);
          await emmettPool.query(`INSERT INTO raw_events (stream_id, type, data, metadata) VALUES ($1, $2, $3::jsonb, $4::jsonb)`, [
            `lot-raw-${w}`,
            event.type,
            JSON.stringify(event.data),
            JSON.stringify(metadata(w)),
          ]);
        });
        log(`emmett: raw INSERT+commit with ${config.writers} clients: ${Math.round(ceiling)} rows/s`);
      }
      figures.push({
        name: `event-store append (library), ${config.perAppend === 1 ? '1 event' : `${config.perAppend} events`} per append, ${config.writers} writer${config.writers > 1 ? 's' : ''}`,
        value,
        unit: 'events/s',
        baseline: { name: 'emmett-postgresql appendToStream', value: baseline },
        ...(config.target ? { target: '≥ 2 × emmett', met: value / baseline >= 2 } : {}),
        note: `${config.appends} appends per store per round, mean of ${rounds} alternating rounds, ratio per round ${ratios.map((r) => r.toFixed(2)).join(' / ')}${ceiling ? `; raw INSERT+commit of the same row, same clients: ${Math.round(ceiling).toLocaleString('en-US')}/s = ${(ceiling / baseline).toFixed(2)} × emmett` : ''}`,
      });
    }
  } finally {
    await emmett.close().catch(() => undefined);
    await emmettPool.end().catch(() => undefined);
    JSON_TYPES.forEach((oid, k) => types.setTypeParser(oid, saved[k]));
    await dataSource.destroy();
    await ours.drop();
    await theirs.drop();
  }
  return { figures, notes };
}
