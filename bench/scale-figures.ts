/**
 * Figures for docs/scaling.md on a generated store (bench/dataset.ts, built once and reused): how
 * fast the store takes appends and serves safe-order pages at that size, and how big the events
 * table and each of its indexes are.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     npx ts-node --transpile-only -r tsconfig-paths/register bench/scale-figures.ts 1000000
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { decodeCheckpoint, PostgresEventStore, START } from '@lotstream/event-store';
import { ensureDataset, waitForHorizon } from './dataset';

const MiB = 1024 * 1024;

async function appendRate(store: PostgresEventStore, writers: number, appendsPerWriter: number, eventsPerAppend: number): Promise<number> {
  const run = randomUUID().slice(0, 8);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < appendsPerWriter; i++) {
        await store.append({
          streamId: `lot-SCALE-${run}-${w}-${i}`,
          expectedVersion: 'no-stream',
          events: Array.from({ length: eventsPerAppend }, (_, k) => ({
            type: k === 0 ? 'LotRegistered' : 'ProductionStepCompleted',
            data: { lotNumber: `SCALE-${run}-${w}-${i}`, k },
            occurredAt: '2026-12-07T08:30:00Z',
          })),
          metadata: { actor: { keyId: 'bench', role: 'integration' }, siteId: 'S1' },
        });
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (writers * appendsPerWriter * eventsPerAppend) / seconds;
}

async function main(): Promise<void> {
  const target = Number(process.argv[2] ?? 1_000_000);
  const dataset = await ensureDataset(target);
  const pool = new Pool({ connectionString: dataset.url, max: 20 });
  const store = new PostgresEventStore(pool);
  try {
    const lines: string[] = [];
    const { rows: count } = await pool.query('SELECT count(*)::int AS n FROM events');
    lines.push(`store ${dataset.name}: ${count[0].n.toLocaleString('en-US')} events`);
    const { rows: sizes } = await pool.query(
      `SELECT c.relname AS name, pg_relation_size(c.oid) AS bytes, c.relkind AS kind
         FROM pg_class c WHERE c.oid = 'events'::regclass
            OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'events'::regclass)
        ORDER BY c.relkind DESC, c.relname`,
    );
    const { rows: total } = await pool.query(`SELECT pg_total_relation_size('events') AS bytes, pg_table_size('events') AS heap_and_toast`);
    lines.push(
      `events table (heap + TOAST) ${(Number(total[0].heap_and_toast) / MiB).toFixed(0)} MiB, with indexes ${(Number(total[0].bytes) / MiB).toFixed(0)} MiB`,
    );
    for (const row of sizes.filter((r) => r.kind === 'i')) lines.push(`  index ${row.name}: ${(Number(row.bytes) / MiB).toFixed(0)} MiB`);

    // Appends on top of the store: single-event commands (16 writers) and pages of 100 (4 writers).
    const single = await appendRate(store, 16, 250, 1);
    lines.push(`append, 1 event per transaction, 16 writers: ${Math.round(single).toLocaleString('en-US')} events/s`);
    const paged = await appendRate(store, 4, 25, 100);
    lines.push(`append, 100 events per transaction, 4 writers: ${Math.round(paged).toLocaleString('en-US')} events/s`);

    // Safe-order pages from the start, as a relay or rebuild reads (the first 500,000 events).
    await waitForHorizon(pool);
    let cursor = START;
    let read = 0;
    const started = process.hrtime.bigint();
    while (read < 500_000) {
      const page = await store.readAll(cursor, 5000);
      read += page.events.length;
      if (page.events.length < 5000) break;
      cursor = decodeCheckpoint(page.next)!;
    }
    const readSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    lines.push(
      `readAll, pages of 5,000 from the start: ${Math.round(read / readSeconds).toLocaleString('en-US')} events/s (${read.toLocaleString('en-US')} events)`,
    );
    // The tail, as a caught-up relay reads: the last page after a checkpoint near the end.
    const { rows: near } = await pool.query(
      `SELECT transaction_id::text AS t, position::text AS p FROM events ORDER BY transaction_id DESC, position DESC OFFSET 1000 LIMIT 1`,
    );
    const tailStarted = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) await store.readAll({ transactionId: near[0].t, position: near[0].p }, 1000);
    lines.push(
      `readAll of the last 1,000 events (a caught-up reader), mean of 200: ${(Number(process.hrtime.bigint() - tailStarted) / 1e6 / 200).toFixed(1)} ms`,
    );
    console.log(lines.join('\n'));
  } finally {
    await pool.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
