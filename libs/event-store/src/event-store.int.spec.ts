import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase, waitFor } from '@lotstream/testing';
import { IdempotencyKeyReused, WrongExpectedVersion } from './event-store.errors';
import { EventToAppend } from './event-store.types';
import { START, decodeCheckpoint } from './safe-order';

const at = '2026-11-25T08:30:00Z';
const event = (type = 'LotRegistered', data: Record<string, unknown> = { n: 1 }): EventToAppend => ({ type, data, occurredAt: at });
const meta = { actor: { keyId: 'k1', role: 'integration' }, siteId: 'S1' };

describe('PostgresEventStore', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(80);
  });
  afterAll(async () => {
    await db.close();
  });

  it('lets exactly one of 64 concurrent appends with the same expected version win', async () => {
    const streamId = `lot-race-${randomUUID()}`;
    await db.store.append({ streamId, expectedVersion: 'no-stream', events: [event()], metadata: meta });
    const results = await Promise.allSettled(
      Array.from({ length: 64 }, (_, i) =>
        db.store.append({ streamId, expectedVersion: 1, events: [event('StepDone', { i })], metadata: meta }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(63);
    for (const failure of lost) expect(failure.reason).toBeInstanceOf(WrongExpectedVersion);
    const stream = await db.store.readStream(streamId);
    expect(stream.map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it('answers 409-kind conflicts for no-stream on an existing stream and for stale versions', async () => {
    const streamId = `lot-${randomUUID()}`;
    await db.store.append({ streamId, expectedVersion: 'no-stream', events: [event()], metadata: meta });
    await expect(db.store.append({ streamId, expectedVersion: 'no-stream', events: [event()], metadata: meta })).rejects.toBeInstanceOf(
      WrongExpectedVersion,
    );
    await expect(db.store.append({ streamId, expectedVersion: 5, events: [event()], metadata: meta })).rejects.toMatchObject({
      actual: 1,
    });
    const appended = await db.store.append({ streamId, expectedVersion: 'any', events: [event(), event()], metadata: meta });
    expect(appended.streamVersion).toBe(3);
  });

  it('appends once for the same idempotency key and body, and refuses the key with another body', async () => {
    const streamId = `lot-${randomUUID()}`;
    const key = `k1:${randomUUID()}`;
    const first = await db.store.append({
      streamId,
      expectedVersion: 'any',
      events: [event()],
      metadata: meta,
      idempotency: { key, requestHash: 'h1' },
    });
    const again = await db.store.findIdempotent(key);
    expect(again?.response).toEqual({ streamId, streamVersion: 1, eventIds: first.eventIds, position: first.position });
    // A concurrent twin that did not see the record still lands on the stored answer.
    const twin = await db.store.append({
      streamId: `lot-${randomUUID()}`,
      expectedVersion: 'any',
      events: [event()],
      metadata: meta,
      idempotency: { key, requestHash: 'h1' },
    });
    expect(twin.replayed).toBe(true);
    expect(twin.eventIds).toEqual(first.eventIds);
    await expect(
      db.store.append({ streamId, expectedVersion: 'any', events: [event()], metadata: meta, idempotency: { key, requestHash: 'h2' } }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReused);
    expect(await db.store.readStream(streamId)).toHaveLength(1);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the events table', async () => {
    await db.store.append({ streamId: `lot-${randomUUID()}`, expectedVersion: 'any', events: [event()], metadata: meta });
    await expect(db.pool.query(`UPDATE events SET type = 'X'`)).rejects.toThrow(/immutable/);
    await expect(db.pool.query(`DELETE FROM events`)).rejects.toThrow(/immutable/);
    await expect(db.pool.query(`TRUNCATE events`)).rejects.toThrow(/immutable/);
  });

  it('reads a stream up to a version and as of a recorded-at instant', async () => {
    const streamId = `lot-${randomUUID()}`;
    for (let i = 0; i < 3; i++) await db.store.append({ streamId, expectedVersion: i, events: [event('E', { i })], metadata: meta });
    const all = await db.store.readStream(streamId);
    expect(await db.store.readStream(streamId, { toVersion: 2 })).toEqual(all.slice(0, 2));
    expect(await db.store.readStream(streamId, { asOf: all[0].recordedAt })).toEqual(
      all.filter((e) => e.recordedAt <= all[0].recordedAt),
    );
  });

  it('appends independent batch items in one transaction, reporting conflicts per item', async () => {
    const a = `lot-${randomUUID()}`;
    const outcomes = await db.store.appendMany([
      { streamId: a, expectedVersion: 'no-stream', events: [event()], metadata: meta },
      { streamId: a, expectedVersion: 1, events: [event('E')], metadata: meta },
      { streamId: a, expectedVersion: 'no-stream', events: [event()], metadata: meta },
      { streamId: `lot-${randomUUID()}`, expectedVersion: 'any', events: [event()], metadata: meta },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, true]);
    const stream = await db.store.readStream(a);
    expect(stream.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(stream[1].prevHash).toBe(stream[0].hash);
    expect((await db.store.verify(a)).ok).toBe(true);
  });

  describe('hash chain', () => {
    it('verifies an intact store and names the first altered event', async () => {
      const streamId = `lot-tamper-${randomUUID()}`;
      for (let i = 0; i < 5; i++) await db.store.append({ streamId, expectedVersion: 'any', events: [event('E', { i })], metadata: meta });
      const intact = await db.store.verify();
      expect(intact.ok).toBe(true);
      expect(intact.checked).toBeGreaterThanOrEqual(5);
      const target = (await db.store.readStream(streamId))[2];
      // A privileged session can bypass the immutability trigger; the chain still shows it.
      const admin = new Client({ connectionString: db.url });
      await admin.connect();
      await admin.query(`SET session_replication_role = replica`);
      await admin.query(`UPDATE events SET data = '{"i": 99}' WHERE event_id = $1`, [target.eventId]);
      await admin.end();
      const result = await db.store.verify();
      expect(result.ok).toBe(false);
      expect(result.firstBroken).toMatchObject({ streamId, streamVersion: 3, position: target.position });
      expect((await db.store.verify(streamId)).firstBroken?.streamVersion).toBe(3);
    });
  });
});

describe('safe order (gap safety)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(60);
  });
  afterAll(async () => {
    await db.close();
  });

  type Reader = (after: string) => Promise<{ ids: string[]; next: string }>;

  const safeReader: Reader = async (after) => {
    const page = await db.store.readAll(decodeCheckpoint(after) ?? START, 200);

    return { ids: page.events.map((e) => e.eventId), next: page.next };
  };
  // What a naive subscriber does: follow the bigserial. Kept as the control that proves the hazard.
  const positionReader: Reader = async (after) => {
    const { rows } = await db.pool.query(
      'SELECT event_id, position::text FROM events WHERE position > $1 ORDER BY position LIMIT 200',
      [after || '0'],
    );
    return { ids: rows.map((r) => r.event_id), next: rows.length ? rows[rows.length - 1].position : after };
  };

  async function runScenario(reader: Reader, label: string, initial: string, mustCatchUp: boolean) {
    const read: string[] = [];
    let polls = 0;
    let stop = false;
    const loop = (async () => {
      let cursor = initial;
      while (!stop) {
        const page = await reader(cursor);
        read.push(...page.ids);
        cursor = page.next;
        polls++;
        await new Promise((r) => setImmediate(r));
      }
    })();

    // Writers that insert first (taking small positions) and commit late, some rolling back.
    const holders = await Promise.all(
      Array.from({ length: 8 }, async (_, h) => {
        const client = await db.pool.connect();
        await client.query('BEGIN');
        const ids: string[] = [randomUUID(), randomUUID()];
        for (const [v, id] of ids.entries()) {
          await client.query(
            `INSERT INTO events (event_id, stream_id, stream_category, stream_version, type, data, metadata, occurred_at, recorded_at, hash)
             VALUES ($1, $2, 'held', $3, 'Held', '{}', '{}', now(), now(), 'x')`,
            [id, `held-${h}-${label}`, v + 1],
          );
        }
        return { client, ids, commit: h % 4 !== 0 };
      }),
    );
    const committed: string[] = [];
    const writers = Array.from({ length: 16 }, async (_, w) => {
      for (let i = 0; i < 15; i++) {
        const result = await db.store.append({
          streamId: `lot-gap-${label}-${w}`,
          expectedVersion: 'any',
          events: [event('E', { w, i })],
          metadata: meta,
        });
        committed.push(...result.eventIds);
      }
    });
    await Promise.all(writers);
    const pollsAfterWrites = polls;
    await waitFor(() => polls, (p) => p >= pollsAfterWrites + 5, { what: 'reader polls while holders are open' });
    for (const holder of holders) {
      await holder.client.query(holder.commit ? 'COMMIT' : 'ROLLBACK');
      holder.client.release();
      if (holder.commit) committed.push(...holder.ids);
    }
    const rolledBack = holders.filter((h) => !h.commit).flatMap((h) => h.ids);
    const expected = new Set(committed);
    const pollsAfterCommit = polls;
    await waitFor(
      () => ({ polls, seen: read.filter((id) => expected.has(id)).length }),
      // A safe reader must catch up fully (the wait fails otherwise); the naive control never does,
      // so for it 200 more polls are enough. Other databases' transactions on the same server hold
      // the snapshot xmin back too, hence a generous timeout rather than a poll count for the safe one.
      (s) => s.seen >= expected.size || (!mustCatchUp && s.polls >= pollsAfterCommit + 200),
      { what: 'reader to catch up', timeoutMs: 90000 },
    );
    stop = true;
    await loop;
    return { read, committed, rolledBack };
  }

  it('reads every committed event exactly once and none of a rolled-back transaction', async () => {
    const { read, committed, rolledBack } = await runScenario(safeReader, 'safe', '', true);
    expect(new Set(read).size).toBe(read.length);
    const expected = new Set(committed);
    const missing = committed.filter((id) => !read.includes(id));
    expect(missing).toEqual([]);
    expect(read.filter((id) => !expected.has(id) && !rolledBack.includes(id))).toEqual([]);
    expect(read.filter((id) => rolledBack.includes(id))).toEqual([]);
  });

  it('(control) a reader following positions alone skips events committed late', async () => {
    const start = (await db.pool.query('SELECT coalesce(max(position),0)::text AS p FROM events')).rows[0].p;
    const { read, committed } = await runScenario(positionReader, 'naive', start, false);
    const missing = committed.filter((id) => !read.includes(id));
    expect(missing.length).toBeGreaterThan(0);
  });
});
