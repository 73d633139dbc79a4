import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@lotstream/event-store';
import { openDatabase, poolOf } from '@lotstream/platform';
import { ALL_MIGRATIONS } from '@lotstream/schema';
import { Figure, freshDatabase, throughput } from './harness';

// A realistic step event: ~600 bytes of JSON.
const stepData = (i: number) => ({
  stepId: `S-${i}`,
  operation: 'OP-20 turning',
  sequence: 20,
  workCenter: 'WC-LATHE-3',
  equipmentIds: ['M-LATHE-3', 'G-MIC-7'],
  operatorId: 'OP-1138',
  sopRevision: 'SOP-TURN-C',
  startedAt: '2026-11-25T08:00:00.000Z',
  completedAt: '2026-11-25T08:30:00.000Z',
  quantityIn: 500,
  quantityGood: 497,
  quantityScrapped: 3,
  parameters: { spindleRpm: 2400, feedMmPerRev: 0.12, coolant: 'on' },
});
const metadata = { actor: { keyId: 'bench', role: 'integration', label: 'bench' }, siteId: 'SITE-1', correlationId: 'bench' };

/** Event-store appends vs raw pg INSERTs of the same rows, measured in the same run (issue 2). */
export async function eventStoreBench(scale = 1): Promise<Figure[]> {
  const database = await freshDatabase('bench_es');
  const dataSource = await openDatabase(database.url, ALL_MIGRATIONS, 40);
  const pool = poolOf(dataSource);
  const store = new PostgresEventStore(pool);
  const raw = new Pool({ connectionString: database.url, max: 40 });
  await raw.query(`CREATE TABLE raw_events (id bigserial PRIMARY KEY, event_id uuid NOT NULL, stream_id text NOT NULL, version int NOT NULL,
    type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL, hash text NOT NULL)`);
  const figures: Figure[] = [];
  if (process.env.BENCH_DROP_NOTIFY) await raw.query('DROP TRIGGER events_notify ON events');
  try {
    const singles = Math.round(6000 * scale);
    for (const clients of (process.env.BENCH_CLIENTS ?? '1,4,16,64').split(',').map(Number)) {
      const versions = new Map<number, number>();
      const rawRate = await throughput(singles, clients, async (i, w) => {
        await raw.query(
          `INSERT INTO raw_events (event_id, stream_id, version, type, data, metadata, occurred_at, recorded_at, hash)
           VALUES ($1::uuid, $2, $3, 'ProductionStepCompleted', $4, $5, now(), now(), md5($1::text))`,
          [randomUUID(), `raw-${clients}-${w}`, i, JSON.stringify(stepData(i)), JSON.stringify(metadata)],
        );
      });
      const storeRate = await throughput(singles, clients, async (i, w) => {
        const streamId = `lot-c${clients}-w${w}`;
        const version = versions.get(w) ?? 0;
        await store.append({
          streamId,
          expectedVersion: version === 0 ? 'no-stream' : version,
          events: [{ type: 'ProductionStepCompleted', data: stepData(i), occurredAt: '2026-11-25T08:30:00Z' }],
          metadata,
        });
        versions.set(w, version + 1);
      });
      figures.push({
        name: `store append, 1 event/tx, ${clients} writers`,
        value: storeRate,
        unit: 'events/s',
        baseline: { name: 'raw INSERT+commit', value: rawRate },
        ...(clients === 16 ? { target: '≥ 0.75 × raw (HTTP figure in issue 8)' } : {}),
      });
    }
    const batches = Math.round(300 * scale);
    const rawBatch = await throughput(batches, 4, async (i, w) => {
      const rows = Array.from({ length: 100 }, (_, k) => stepData(i * 100 + k));
      await raw.query(
        `INSERT INTO raw_events (event_id, stream_id, version, type, data, metadata, occurred_at, recorded_at, hash)
         SELECT gen_random_uuid(), $1, v, 'ProductionStepCompleted', d::jsonb, $3::jsonb, now(), now(), md5(v::text)
         FROM unnest($2::text[]) WITH ORDINALITY AS t(d, v)`,
        [`rawb-${w}-${i}`, rows.map((r) => JSON.stringify(r)), JSON.stringify(metadata)],
      );
      return 100;
    });
    const storeBatch = await throughput(batches, 4, async (i, w) => {
      await store.append({
        streamId: `lot-b-${w}-${i}`,
        expectedVersion: 'no-stream',
        events: Array.from({ length: 100 }, (_, k) => ({ type: 'ProductionStepCompleted', data: stepData(i * 100 + k), occurredAt: '2026-11-25T08:30:00Z' })),
        metadata,
      });
      return 100;
    });
    figures.push({
      name: 'store append, batches of 100 events, 4 writers',
      value: storeBatch,
      unit: 'events/s',
      baseline: { name: 'raw multi-row INSERT', value: rawBatch },
    });
    // The store call behind POST /v1/batch: 1,000 single-event requests over 67 streams in one appendMany,
    // against one raw multi-row INSERT of the same rows (same data, metadata, streams and versions).
    const requestsOf = (tag: string, b: number, w: number) =>
      Array.from({ length: 1000 }, (_, k) => ({
        streamId: `lot-${tag}-${w}-${b}-${Math.floor(k / 15)}`,
        expectedVersion: (k % 15 === 0 ? 'no-stream' : k % 15) as number | 'no-stream',
        events: [{ type: 'ProductionStepCompleted', data: stepData(b * 1000 + k), occurredAt: '2026-11-25T08:30:00Z' }],
        metadata: { ...metadata, idempotencyKey: `${tag}-${w}-${b}-${k}` },
        idempotency: { key: `bench:${tag}-${w}-${b}-${k}`, requestHash: 'h' },
      }));
    const manyBatches = Math.max(4, Math.round(20 * scale));
    for (const writers of [1, 4]) {
      const rawMany = await throughput(manyBatches, writers, async (b, w) => {
        const requests = requestsOf('raw', b, w);
        await raw.query(
          `INSERT INTO raw_events (event_id, stream_id, version, type, data, metadata, occurred_at, recorded_at, hash)
           SELECT gen_random_uuid(), s, v, 'ProductionStepCompleted', d::jsonb, m::jsonb, '2026-11-25T08:30:00Z', now(), md5(s || v)
           FROM unnest($1::text[], $2::int[], $3::text[], $4::text[]) AS t(s, v, d, m)`,
          [
            requests.map((r) => r.streamId),
            requests.map((r) => (r.expectedVersion === 'no-stream' ? 1 : r.expectedVersion + 1)),
            requests.map((r) => JSON.stringify(r.events[0].data)),
            requests.map((r) => JSON.stringify(r.metadata)),
          ],
        );
        return 1000;
      });
      const productMany = await throughput(manyBatches, writers, async (b, w) => {
        const outcomes = await store.appendMany(requestsOf(`am${writers}`, b, w));
        if (outcomes.some((o) => !o.ok)) throw new Error('appendMany conflict in bench');
        return 1000;
      });
      const check = await store.verify(`lot-am${writers}-0-0-0`);
      figures.push({
        name: `store appendMany (POST /v1/batch), 1,000 single-event appends over 67 streams, ${writers} writer${writers > 1 ? 's' : ''}`,
        value: productMany,
        unit: 'events/s',
        baseline: { name: 'raw multi-row INSERT of the same 1,000 rows', value: rawMany },
        note: `${manyBatches} batches per writer count; chain of a written stream verifies: ${check.ok}`,
      });
    }
  } finally {
    await raw.end();
    await dataSource.destroy();
    await database.drop();
  }
  return figures;
}
