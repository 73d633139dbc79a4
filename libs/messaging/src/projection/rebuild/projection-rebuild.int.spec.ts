import type { Pool, PoolClient } from 'pg';
import { decodeCheckpoint, RecordedEvent, START } from '@lotstream/event-store';
import { ALL_READ_MODELS } from '@lotstream/schema';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { STORE_FEED_SOURCE } from '../../in-process-feed';
import { ProjectionRunner, READ_MODEL_SCHEMA } from '../projection-runner';
import { metadata, waitUntilAllReadable } from '../../../../../test/audit-fixtures';
import { dumpTables } from '../../../../../test/traceability/recorded-events';
import { randomShop } from '../../../../../test/traceability/scenario';
import { ProjectionRebuild } from './projection-rebuild';

/** What a rebuild must reproduce: every read-model table, the applied-event ids and the store checkpoint. */
async function snapshot(pool: Pool, schema: string): Promise<Record<string, unknown>> {
  const applied = await pool.query(`SELECT event_id, position::text, recorded_at FROM ${schema}.applied_events ORDER BY event_id`);
  const checkpoints = await pool.query(`SELECT source, value FROM ${schema}.checkpoints ORDER BY source`);
  return { tables: await dumpTables(pool, schema, ALL_READ_MODELS), applied: applied.rows, checkpoints: checkpoints.rows };
}

/** Index definitions of a schema, with its name taken out (the rebuilt one was created under another). */
async function indexes(pool: Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname`, [schema]);
  return rows.map((r) => (r.indexdef as string).split(` ${schema}.`).join(' <schema>.'));
}

/** The live projector's way: pages of the store in safe order through ProjectionRunner, checkpoint with each. */
async function projectLive(db: TestDatabase, runner: ProjectionRunner, pageSize: number): Promise<number> {
  let cursor = START;
  let applied = 0;
  for (;;) {
    const page = await db.store.readAll(cursor, pageSize);
    if (page.events.length === 0) return applied;
    applied += await runner.apply(page.events, { source: STORE_FEED_SOURCE, value: page.next });
    cursor = decodeCheckpoint(page.next)!;
  }
}

describe('read-model rebuild', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    const { log } = randomShop(7, 400);
    // The store accepts what the write side would refuse: a lot registered twice and an inspection id
    // recorded twice, far apart. Tables keep the first row per key, so the copies tell whether a
    // rebuild applies pages in the store's order.
    const first = log.events.find((e) => e.type === 'LotRegistered' && e.data.kind === 'production')!;
    const inspection = log.events.find((e) => e.type === 'InspectionRecorded')!;
    const duplicates = [
      { ...first, data: { ...first.data, partNumber: 'PN-SECOND', partRevision: 'Z' } },
      { ...inspection, data: { ...inspection.data, measurements: [11, 12, 13], verdict: 'fail' } },
    ];
    const events = [...log.events, ...duplicates];
    for (let i = 0; i < events.length; i += 50) {
      const outcomes = await db.store.appendMany(
        events.slice(i, i + 50).map((e) => ({
          streamId: e.streamId,
          expectedVersion: 'any' as const,
          metadata,
          events: [{ type: e.type, data: e.data, occurredAt: e.occurredAt, schemaVersion: e.type === 'InspectionRecorded' ? 2 : 1 }],
        })),
      );
      expect(outcomes.every((o) => o.ok)).toBe(true);
    }
    await waitUntilAllReadable(db.pool);
  });
  afterAll(() => db.close());

  it('leaves exactly the tables, applied-event ids, checkpoint and indexes that live projection of the same events gives', async () => {
    const reference = new ProjectionRunner(db.pool, ALL_READ_MODELS, 'rm_reference');
    await reference.ensureSchema();
    const events = await projectLive(db, reference, 40);
    const live = new ProjectionRunner(db.pool, ALL_READ_MODELS, READ_MODEL_SCHEMA);
    await live.ensureSchema();
    await projectLive(db, live, 40);
    const expected = await snapshot(db.pool, 'rm_reference');
    // The copies made it into the store and the first of each won.
    expect((expected.tables as Record<string, string[]>).trace_lots.some((row) => row.includes('PN-SECOND'))).toBe(false);
    expect((expected.tables as Record<string, string[]>).trace_lot_events.filter((row) => row.includes('PN-SECOND'))).toHaveLength(1);

    // Pages of 7 events: many pages, each key's copies in different ones, and a short last page.
    const rebuild = new ProjectionRebuild(db.pool, db.store, ALL_READ_MODELS, () => live, undefined, { pageSize: 7 });
    const done = await rebuild.runToEnd();

    expect(done).toMatchObject({ state: 'done', eventsApplied: events });
    expect(await snapshot(db.pool, READ_MODEL_SCHEMA)).toEqual(expected);
    expect(await indexes(db.pool, READ_MODEL_SCHEMA)).toEqual(await indexes(db.pool, 'rm_reference'));
    const { rows: schemas } = await db.pool.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rm%' ORDER BY 1`);
    expect(schemas.map((r) => r.nspname)).toEqual(['rm', 'rm_reference']);
    // Statistics exist before the first query is planned on the new tables.
    const { rows: analyzed } = await db.pool.query(
      `SELECT count(*)::int AS n FROM pg_stat_user_tables WHERE schemaname = 'rm' AND last_analyze IS NULL AND last_autoanalyze IS NULL`,
    );
    expect(analyzed[0].n).toBe(0);

    // Exactly once after the swap: the live runner redelivered every event applies none of them again.
    let cursor = START;
    let reapplied = 0;
    for (;;) {
      const page = await db.store.readAll(cursor, 100);
      if (page.events.length === 0) break;
      reapplied += await live.apply(page.events);
      cursor = decodeCheckpoint(page.next)!;
    }
    expect(reapplied).toBe(0);
    expect(await snapshot(db.pool, READ_MODEL_SCHEMA)).toEqual(expected);
  });

  it('fails as a whole when a read model fails mid-way: the live schema stays as it was, the fresh one is dropped', async () => {
    const before = await snapshot(db.pool, READ_MODEL_SCHEMA);
    let pages = 0;
    const failing = ALL_READ_MODELS.map((model) =>
      model.name === 'lot-summary'
        ? {
            ...model,
            handle: async (tx: PoolClient, events: RecordedEvent[]) => {
              if (++pages === 5) throw new Error('lot-summary could not write');
              await model.handle(tx, events);
            },
          }
        : model,
    );
    const rebuild = new ProjectionRebuild(db.pool, db.store, failing, () => undefined, undefined, { pageSize: 20 });

    await expect(rebuild.runToEnd()).rejects.toThrow(/lot-summary could not write/);
    expect(rebuild.progress).toMatchObject({ state: 'failed' });
    const { rows: schemas } = await db.pool.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rm%' ORDER BY 1`);
    expect(schemas.map((r) => r.nspname)).toEqual(['rm', 'rm_reference']);
    expect(await snapshot(db.pool, READ_MODEL_SCHEMA)).toEqual(before);
  });

  it('rebuilds an empty store into empty tables the live feed resumes from', async () => {
    const empty = await createTestDatabase(4);
    try {
      const rebuild = new ProjectionRebuild(empty.pool, empty.store, ALL_READ_MODELS, () => undefined);
      expect(await rebuild.runToEnd()).toMatchObject({ state: 'done', eventsApplied: 0 });
      const tables = await dumpTables(empty.pool, READ_MODEL_SCHEMA, ALL_READ_MODELS);
      expect(Object.values(tables).flat()).toEqual([]);
      const runner = new ProjectionRunner(empty.pool, ALL_READ_MODELS);
      expect(decodeCheckpoint(await runner.checkpoint(STORE_FEED_SOURCE))).toEqual(START);
    } finally {
      await empty.close();
    }
  });
});
