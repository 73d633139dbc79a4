import { InProcessFeed, ProjectionRunner } from '@lotstream/messaging';
import { createTestDatabase, TestDatabase, waitFor } from '@lotstream/testing';
import { checkInvariants } from '../../bench/chaos/invariants';
import { KEY_ID, recordLoad, streamTotals } from './fault-fixtures';

jest.setTimeout(120000);

describe('the invariant checker on real PostgreSQL', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  it('passes a clean store, then reports each kind of damage done to it', async () => {
    const acknowledged = await recordLoad(db, 10, 6);
    const runner = new ProjectionRunner(db.pool, [streamTotals]);
    await runner.ensureSchema();
    const feed = new InProcessFeed(db.store, db.pool, runner);
    await feed.start();
    try {
      await waitFor(
        async () => Number((await db.pool.query('SELECT count(*) FROM rm.applied_events')).rows[0].count),
        (n) => n === 60,
        { what: 'every event applied' },
      );
    } finally {
      await feed.stop();
    }
    const options = { databaseUrl: db.url, acknowledged, readModels: [streamTotals] };
    const clean = await checkInvariants(options);
    expect(clean.summary).toEqual(['commands: 60 acknowledged, 0 answers not acknowledged', 'read models: 2 tables equal to a from-scratch rebuild']);
    expect(clean.ok).toBe(true);

    // A retry the idempotency key did not catch: the same command appended a second time.
    await db.store.append({
      streamId: 'lot-L3',
      expectedVersion: 6,
      events: [{ type: 'ProductionStepCompleted', data: { n: 7 }, occurredAt: '2026-12-07T08:30:00Z' }],
      metadata: { actor: { keyId: KEY_ID, role: 'integration' }, siteId: 'S1', idempotencyKey: 'L-3-2' },
    });
    // A command the service acknowledged that never reached the store.
    const withGhost = [...acknowledged, { idempotencyKey: 'L-99-1', keyId: KEY_ID, status: 201 }];
    // A read-model row changed behind the runner's back, and an applied event forgotten.
    await db.pool.query(`UPDATE rm.stream_totals SET events = events + 1 WHERE stream_id = 'lot-L5'`);
    await db.pool.query(`DELETE FROM rm.applied_events WHERE event_id = $1`, [acknowledged[0].eventIds![0]]);

    const damaged = await checkInvariants({ ...options, acknowledged: withGhost });
    expect(damaged.ok).toBe(false);
    expect(damaged.commands.missing).toEqual([`${KEY_ID}:L-99-1`]);
    expect(damaged.commands.storedMoreThanOnce).toEqual([`${KEY_ID}:L-3-2`]);
    // Never applied: the forgotten id and the appended copy (no feed ran after it).
    expect(damaged.readModels!.neverApplied).toBe(2);
    // lot-L5 edited, lot-L3 one event short of the rebuild; the copy's type counter too.
    expect(damaged.readModels!.tables).toEqual([
      { model: 'stream-totals', table: 'stream_totals', differingRows: 4 },
      { model: 'stream-totals', table: 'type_totals', differingRows: 2 },
    ]);
    expect([damaged.lost, damaged.duplicated]).toEqual([1 + 2, 1]);
  });
});
