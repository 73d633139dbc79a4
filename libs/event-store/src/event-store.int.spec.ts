import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { createTestDatabase, TestDatabase, waitFor } from '@lotstream/testing';
import { IdempotencyKeyReused, WrongExpectedVersion } from './event-store.errors';
import { AppendRequest, AppendResult, EventToAppend, ExpectedVersion } from './event-store.types';
import { DropEventsCategoryIndex1764000410000 } from './migrations/1764000410000-drop-events-category-index';
import { AppendOutcome, PostgresEventStore } from './postgres-event-store';
import { START, decodeCheckpoint } from './safe-order';

const at = '2026-11-25T08:30:00Z';
const event = (type = 'LotRegistered', data: Record<string, unknown> = { n: 1 }): EventToAppend => ({ type, data, occurredAt: at });
const meta = { actor: { keyId: 'k1', role: 'integration' }, siteId: 'S1' };
const stripReplayedOf = ({ streamId, streamVersion, eventIds, position }: AppendResult): AppendResult => ({ streamId, streamVersion, eventIds, position });

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
      Array.from({ length: 64 }, (_, i) => db.store.append({ streamId, expectedVersion: 1, events: [event('StepDone', { i })], metadata: meta })),
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
    await expect(db.store.append({ streamId, expectedVersion: 'no-stream', events: [event()], metadata: meta })).rejects.toBeInstanceOf(WrongExpectedVersion);
    await expect(db.store.append({ streamId, expectedVersion: 5, events: [event()], metadata: meta })).rejects.toMatchObject({
      actual: 1,
    });
    const appended = await db.store.append({ streamId, expectedVersion: 'any', events: [event(), event()], metadata: meta });
    expect(appended.streamVersion).toBe(3);
  });

  it('appends at the right version although another store instance moved the stream since this one cached its head', async () => {
    const streamId = `lot-${randomUUID()}`;
    const other = new PostgresEventStore(db.pool);
    await db.store.append({ streamId, expectedVersion: 'no-stream', events: [event()], metadata: meta });
    await other.append({ streamId, expectedVersion: 1, events: [event('StepDone')], metadata: meta });
    // This instance last saw version 1; the stream stands at 2, as expected: no conflict.
    expect((await db.store.append({ streamId, expectedVersion: 2, events: [event('StepDone')], metadata: meta })).streamVersion).toBe(3);
    // A stale expectation is still refused, with the stored version.
    await expect(other.append({ streamId, expectedVersion: 2, events: [event('StepDone')], metadata: meta })).rejects.toMatchObject({ actual: 3 });
    expect((await db.store.readStream(streamId)).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
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

  it('reads only the events after a version, with the other bounds, and nothing after the last', async () => {
    const streamId = `lot-${randomUUID()}`;
    for (let i = 0; i < 4; i++) await db.store.append({ streamId, expectedVersion: i, events: [event('E', { i })], metadata: meta });
    const all = await db.store.readStream(streamId);
    expect(await db.store.readStream(streamId, { afterVersion: 0 })).toEqual(all);
    expect(await db.store.readStream(streamId, { afterVersion: 2 })).toEqual(all.slice(2));
    expect(await db.store.readStream(streamId, { afterVersion: 1, toVersion: 3 })).toEqual(all.slice(1, 3));
    expect(await db.store.readStream(streamId, { afterVersion: 4 })).toEqual([]);
  });

  it('reads a stream up to a version and as of a recorded-at instant', async () => {
    const streamId = `lot-${randomUUID()}`;
    for (let i = 0; i < 3; i++) await db.store.append({ streamId, expectedVersion: i, events: [event('E', { i })], metadata: meta });
    const all = await db.store.readStream(streamId);
    expect(await db.store.readStream(streamId, { toVersion: 2 })).toEqual(all.slice(0, 2));
    expect(await db.store.readStream(streamId, { asOf: all[0].recordedAt })).toEqual(all.filter((e) => e.recordedAt <= all[0].recordedAt));
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

  describe('append, many at once from one store', () => {
    /** A store whose pool records the name (or text) of every statement sent through pool.query. */
    const recording = () => {
      const sent: string[] = [];
      const pool = {
        query: (config: string | { name?: string; text: string }, values?: unknown[]) => {
          sent.push(typeof config === 'string' ? config : (config.name ?? config.text));
          return db.pool.query(config as string, values);
        },
        connect: () => db.pool.connect(),
      };
      return { store: new PostgresEventStore(pool as unknown as Pool), sent };
    };
    const one = (streamId: string, expectedVersion: ExpectedVersion, data: Record<string, unknown> = { n: 1 }) => ({
      streamId,
      expectedVersion,
      events: [event('StepDone', data)],
      metadata: meta,
    });

    it('writes appends that wait for a write together, each answered as it would be alone', async () => {
      const { store, sent } = recording();
      const streams = Array.from({ length: 24 }, () => `lot-group-${randomUUID()}`);
      for (const streamId of streams) await store.append(one(streamId, 'no-stream'));
      // Four writes start at once; the other twenty wait and go as one statement on the heads the store knows.
      const first = await Promise.all(streams.map((streamId) => store.append(one(streamId, 1, { n: 2 }))));
      expect(sent.filter((name) => name === 'lotstream_append_group').length).toBeGreaterThanOrEqual(1);
      first.forEach((result, i) => expect(result).toMatchObject({ streamId: streams[i], streamVersion: 2, replayed: false }));
      // A group with an item its known heads refuse is decided on locked heads: the refusal is that item's alone.
      const second = await Promise.allSettled(streams.map((streamId, i) => store.append(one(streamId, i === 10 ? 5 : 2, { n: 3 }))));
      second.forEach((outcome, i) => {
        if (i === 10) expect(outcome).toMatchObject({ status: 'rejected', reason: { kind: 'wrong-expected-version', actual: 2 } });
        else expect(outcome).toMatchObject({ status: 'fulfilled', value: { streamId: streams[i], streamVersion: 3, replayed: false } });
      });
      const { rows } = await db.pool.query(
        'SELECT stream_id, array_agg(stream_version ORDER BY stream_version) AS versions FROM events WHERE stream_id = ANY($1::text[]) GROUP BY 1',
        [streams],
      );
      expect(rows).toHaveLength(24);
      for (const row of rows) expect(row.versions).toEqual(row.stream_id === streams[10] ? [1, 2] : [1, 2, 3]);
      for (const streamId of streams) expect((await db.store.verify(streamId)).ok).toBe(true);
    });

    it('moves no head when one it planned on had moved, and decides the group again on locked heads', async () => {
      const { store, sent } = recording();
      const other = new PostgresEventStore(db.pool);
      const streams = Array.from({ length: 12 }, () => `lot-stale-${randomUUID()}`);
      for (const streamId of streams) await store.append(one(streamId, 'no-stream'));
      // Another instance moves the first stream: this store still believes it at version 1.
      await other.append(one(streams[0], 1));
      const outcomes = await Promise.allSettled([
        ...streams.slice(8).map((streamId) => store.append(one(streamId, 1, { n: 2 }))),
        ...streams.slice(0, 8).map((streamId) => store.append(one(streamId, 1, { n: 2 }))),
      ]);
      expect(sent).toContain('lotstream_append_group');
      const byStream = new Map([...streams.slice(8), ...streams.slice(0, 8)].map((streamId, i) => [streamId, outcomes[i]]));
      expect(byStream.get(streams[0])).toMatchObject({ status: 'rejected', reason: { kind: 'wrong-expected-version', actual: 2 } });
      for (const streamId of streams.slice(1)) expect(byStream.get(streamId)).toMatchObject({ status: 'fulfilled', value: { streamVersion: 2 } });
      const heads = await db.pool.query(
        'SELECT s.stream_id, s.version, (SELECT max(stream_version) FROM events e WHERE e.stream_id = s.stream_id) AS last FROM streams s WHERE s.stream_id = ANY($1::text[])',
        [streams],
      );
      for (const head of heads.rows) expect(head.version).toBe(head.last);
      for (const streamId of streams) expect((await db.store.verify(streamId)).ok).toBe(true);
    });

    it('fails only the append whose value the server refuses, the others of its group land', async () => {
      const { store } = recording();
      const streams = Array.from({ length: 10 }, () => `lot-refused-${randomUUID()}`);
      for (const streamId of streams) await store.append(one(streamId, 'no-stream'));
      const outcomes = await Promise.allSettled(streams.map((streamId, i) => store.append(one(streamId, 1, { n: i === 7 ? 'nul \u0000 here' : 'fine' }))));
      outcomes.forEach((outcome, i) => {
        if (i === 7) expect(outcome).toMatchObject({ status: 'rejected', reason: { code: '22P05' } });
        else expect(outcome).toMatchObject({ status: 'fulfilled', value: { streamVersion: 2 } });
      });
      expect((await db.store.readStream(streams[7])).map((e) => e.streamVersion)).toEqual([1]);
    });
  });

  describe('appendMany', () => {
    /**
     * The store's pool as seen through the statements it sends; COMMIT can be held at a gate so a
     * test decides when a batch's transaction ends (a twin then meets it uncommitted).
     */
    const instrumented = (gated = false) => {
      const statements: string[] = [];
      let release: () => void = () => undefined;
      let reached: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const atCommit = new Promise<void>((resolve) => (reached = resolve));
      const pool = {
        query: db.pool.query.bind(db.pool),
        connect: async () => {
          const client = await db.pool.connect();
          return new Proxy(client, {
            get(target, property) {
              if (property === 'query') {
                return async (text: string | { text: string }, values?: unknown[]) => {
                  const sql = typeof text === 'string' ? text : text.text;
                  statements.push(sql.trim());
                  if (gated && sql === 'COMMIT') {
                    reached();
                    await gate;
                  }
                  return target.query(text as string, values);
                };
              }
              const member = (target as unknown as Record<string | symbol, unknown>)[property];
              return typeof member === 'function' ? member.bind(target) : member;
            },
          });
        },
      } as unknown as Pool;
      return { store: new PostgresEventStore(pool), statements, atCommit, release };
    };
    const step = (i: number) => event('StepDone', { i, at: new Date(Date.UTC(2026, 10, 25, 8, i)), skipped: undefined });
    const positionsOf = async (ids: string[]) =>
      new Map(
        (await db.pool.query('SELECT event_id, position::text AS position FROM events WHERE event_id = ANY($1::uuid[])', [ids])).rows.map((r) => [
          r.event_id as string,
          r.position as string,
        ]),
      );
    const lockWaits = () =>
      db.pool
        .query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)
        .then((r) => r.rows[0].n as number);

    it('writes a batch of any size with a constant number of statements, chaining each stream in item order', async () => {
      const { store, statements } = instrumented();
      const streams = Array.from({ length: 20 }, () => `lot-many-${randomUUID()}`);
      const requests = Array.from({ length: 300 }, (_, i) => ({
        streamId: streams[i % 20],
        expectedVersion: (i < 20 ? 'no-stream' : Math.floor(i / 20)) as ExpectedVersion,
        events: [step(i)],
        metadata: meta,
        idempotency: { key: `k1:many-${streams[0]}-${i}`, requestHash: 'h' },
      }));
      const outcomes = await store.appendMany(requests);
      expect(outcomes.every((o) => o.ok && !o.result.replayed)).toBe(true);
      expect(statements).toHaveLength(5); // BEGIN, lock heads, read keys, write, COMMIT
      const results = outcomes.map((o) => (o as { result: AppendOutcome }).result);
      expect(results.map((r) => r.streamVersion)).toEqual(requests.map((_, i) => Math.floor(i / 20) + 1));
      // Positions follow the items, and each answer names its own event's position.
      const positions = await positionsOf(results.flatMap((r) => r.eventIds));
      expect(results.map((r) => r.position)).toEqual(results.map((r) => positions.get(r.eventIds[0])));
      const numeric = results.map((r) => BigInt(r.position));
      expect(numeric.every((p, i) => i === 0 || p > numeric[i - 1])).toBe(true);
      for (const streamId of streams) {
        const stream = await db.store.readStream(streamId);
        expect(stream.map((e) => e.streamVersion)).toEqual(Array.from({ length: 15 }, (_, v) => v + 1));
        expect(stream.every((e, v) => e.prevHash === (v === 0 ? null : stream[v - 1].hash))).toBe(true);
        expect(await db.store.streamVersion(streamId)).toBe(15);
        expect((await db.store.verify(streamId)).ok).toBe(true);
      }
      // The stored form is the JSON form: dates as ISO text, undefined members dropped.
      expect((await db.store.readStream(streams[0]))[0].data).toEqual({ i: 0, at: '2026-11-25T08:00:00.000Z' });
      // Every idempotency record holds the answer the item got.
      for (const [i, request] of requests.entries()) {
        if (i % 37 !== 0) continue;
        expect((await db.store.findIdempotent(request.idempotency.key))?.response).toEqual(stripReplayedOf(results[i]));
      }
    });

    it('skips a conflicting item mid-batch and lands the items before and after it, on the heads they leave', async () => {
      const a = `lot-${randomUUID()}`;
      const b = `lot-${randomUUID()}`;
      await db.store.append({ streamId: b, expectedVersion: 'no-stream', events: [event(), event('E')], metadata: meta });
      const outcomes = await db.store.appendMany([
        { streamId: a, expectedVersion: 'no-stream', events: [event()], metadata: meta },
        { streamId: b, expectedVersion: 2, events: [event('E', { n: 3 }), event('E', { n: 4 })], metadata: meta },
        { streamId: b, expectedVersion: 2, events: [event('E', { n: 5 })], metadata: meta },
        { streamId: a, expectedVersion: 'no-stream', events: [event()], metadata: meta },
        { streamId: a, expectedVersion: 1, events: [event('E')], metadata: meta },
        { streamId: b, expectedVersion: 'any', events: [event('E', { n: 6 })], metadata: meta },
        { streamId: `lot-${randomUUID()}`, expectedVersion: 3, events: [event()], metadata: meta },
      ]);
      expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, false, true, true, false]);
      expect(outcomes[2]).toMatchObject({ ok: false, error: { kind: 'wrong-expected-version', streamId: b, expected: 2, actual: 4 } });
      expect(outcomes[3]).toMatchObject({ ok: false, error: { kind: 'wrong-expected-version', actual: 1 } });
      expect(outcomes[6]).toMatchObject({ ok: false, error: { kind: 'wrong-expected-version', actual: 0 } });
      expect(outcomes[5]).toMatchObject({ ok: true, result: { streamId: b, streamVersion: 5 } });
      expect((await db.store.readStream(a)).map((e) => e.streamVersion)).toEqual([1, 2]);
      expect((await db.store.readStream(b)).map((e) => e.data.n)).toEqual([1, 1, 3, 4, 6]);
      expect((await db.store.verify(a)).ok && (await db.store.verify(b)).ok).toBe(true);
    });

    it('chained: refuses the later numbered items of a stream once one of them is refused, even where the number now matches', async () => {
      const a = `lot-${randomUUID()}`;
      const b = `lot-${randomUUID()}`;
      // Another writer moved a from 1 to 2: the caller's item at 1 is refused; its next item, decided on
      // "a at 2 after my item", would otherwise land on the other writer's event with the same number.
      await db.store.append({ streamId: a, expectedVersion: 'no-stream', events: [event()], metadata: meta });
      await db.store.append({ streamId: a, expectedVersion: 1, events: [event('E', { n: 'other' })], metadata: meta });
      const requests = (): AppendRequest[] => [
        { streamId: a, expectedVersion: 1, events: [event('E', { n: 'mine-1' })], metadata: meta },
        { streamId: a, expectedVersion: 2, events: [event('E', { n: 'mine-2' })], metadata: meta },
        { streamId: b, expectedVersion: 'no-stream', events: [event()], metadata: meta },
        { streamId: a, expectedVersion: 'any', events: [event('E', { n: 'any' })], metadata: meta },
      ];
      const chained = await db.store.appendMany(requests(), { chained: true });
      expect(chained.map((o) => o.ok)).toEqual([false, false, true, true]);
      expect(chained[1]).toMatchObject({ ok: false, error: { kind: 'wrong-expected-version', streamId: a, expected: 2 } });
      expect((await db.store.readStream(a)).map((e) => e.data.n)).toEqual([1, 'other', 'any']);
      // Unchained (independent requests), the second item's number is all that counts.
      const c = `lot-${randomUUID()}`;
      await db.store.append({ streamId: c, expectedVersion: 'no-stream', events: [event()], metadata: meta });
      const independent = await db.store.appendMany([
        { streamId: c, expectedVersion: 'no-stream', events: [event()], metadata: meta },
        { streamId: c, expectedVersion: 1, events: [event('E', { n: 'next' })], metadata: meta },
      ]);
      expect(independent.map((o) => o.ok)).toEqual([false, true]);
    });

    it('answers replays and reused keys from the stored records and from earlier items of the batch', async () => {
      const streamId = `lot-${randomUUID()}`;
      const [stored, fresh] = [`k1:${randomUUID()}`, `k1:${randomUUID()}`];
      const first = await db.store.append({
        streamId,
        expectedVersion: 'no-stream',
        events: [event()],
        metadata: meta,
        idempotency: { key: stored, requestHash: 'h1' },
      });
      const before = await db.pool.query('SELECT count(*)::int AS n FROM events');
      const outcomes = await db.store.appendMany([
        { streamId, expectedVersion: 'no-stream', events: [event()], metadata: meta, idempotency: { key: stored, requestHash: 'h1' } },
        { streamId, expectedVersion: 1, events: [event('E')], metadata: meta, idempotency: { key: stored, requestHash: 'h2' } },
        { streamId, expectedVersion: 1, events: [event('E')], metadata: meta, idempotency: { key: fresh, requestHash: 'h3' } },
        { streamId, expectedVersion: 1, events: [event('E')], metadata: meta, idempotency: { key: fresh, requestHash: 'h3' } },
        { streamId, expectedVersion: 2, events: [event('E')], metadata: meta, idempotency: { key: fresh, requestHash: 'h4' } },
        { streamId, expectedVersion: 2, events: [event('E')], metadata: meta },
      ]);
      expect(outcomes[0]).toEqual({ ok: true, result: { ...stripReplayedOf(first), replayed: true } });
      expect(outcomes[1]).toMatchObject({ ok: false, error: { kind: 'idempotency-key-reused', key: stored } });
      expect(outcomes[2]).toMatchObject({ ok: true, result: { streamVersion: 2, replayed: false } });
      const written = (outcomes[2] as { result: AppendOutcome }).result;
      expect(outcomes[3]).toEqual({ ok: true, result: { ...stripReplayedOf(written), replayed: true } });
      expect(outcomes[4]).toMatchObject({ ok: false, error: { kind: 'idempotency-key-reused', key: fresh } });
      expect(outcomes[5]).toMatchObject({ ok: true, result: { streamVersion: 3 } });
      expect((await db.pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n).toBe(before.rows[0].n + 2);
      expect((await db.store.findIdempotent(fresh))?.response).toEqual(stripReplayedOf(written));
      expect((await db.store.verify(streamId)).ok).toBe(true);
    });

    it('answers every key of three twin batches run in parallel once, with no duplicate events', async () => {
      const existing = Array.from({ length: 3 }, () => `lot-twin-${randomUUID()}`);
      for (const streamId of existing) await db.store.append({ streamId, expectedVersion: 'no-stream', events: [event()], metadata: meta });
      const fresh = Array.from({ length: 5 }, () => `lot-twin-${randomUUID()}`);
      const tag = randomUUID();
      const batch = () =>
        Array.from({ length: 80 }, (_, i) => {
          const streamId = i % 2 === 0 ? existing[i % 3] : fresh[i % 5];
          return { streamId, expectedVersion: 'any' as const, events: [step(i)], metadata: meta, idempotency: { key: `k1:${tag}-${i}`, requestHash: `h${i}` } };
        });
      const [left, right, third] = await Promise.all([db.store.appendMany(batch()), db.store.appendMany(batch()), db.store.appendMany(batch())]);
      for (let i = 0; i < 80; i++) {
        const answers = [left[i], right[i], third[i]].map((o) => (o.ok ? o.result : undefined));
        expect(answers.every((a) => a !== undefined)).toBe(true);
        expect(answers.filter((a) => !a!.replayed)).toHaveLength(1);
        expect(new Set(answers.map((a) => JSON.stringify(stripReplayedOf(a!)))).size).toBe(1);
      }
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS n, count(DISTINCT data->>'i')::int AS distinct_items FROM events WHERE stream_id = ANY($1::text[]) AND type = 'StepDone'`,
        [[...existing, ...fresh]],
      );
      expect(rows[0]).toEqual({ n: 80, distinct_items: 80 });
      for (const streamId of [...existing, ...fresh]) expect((await db.store.verify(streamId)).ok).toBe(true);
    });

    it('goes item by item when a twin it cannot lock out commits first, and answers from the twin', async () => {
      const twin = instrumented(true);
      const { store, statements } = instrumented();
      const reusedKey = `k1:${randomUUID()}`;
      await db.store.append({
        streamId: `lot-${randomUUID()}`,
        expectedVersion: 'any',
        events: [event()],
        metadata: meta,
        idempotency: { key: reusedKey, requestHash: 'other' },
      });
      const tag = randomUUID();
      // New streams only: nothing to lock, so the second batch meets the first one's rows uncommitted.
      const fresh = Array.from({ length: 4 }, () => `lot-gate-${randomUUID()}`);
      const batch = () => [
        { streamId: fresh[0], expectedVersion: 'no-stream' as const, events: [event()], metadata: meta, idempotency: { key: reusedKey, requestHash: 'mine' } },
        ...Array.from({ length: 40 }, (_, i) => ({
          streamId: fresh[i % 4],
          expectedVersion: (i < 4 ? 'no-stream' : Math.floor(i / 4)) as ExpectedVersion,
          events: [step(i)],
          metadata: meta,
          idempotency: { key: `k1:${tag}-${i}`, requestHash: 'h' },
        })),
      ];
      const first = twin.store.appendMany(batch());
      await twin.atCommit;
      const second = store.appendMany(batch());
      await waitFor(lockWaits, (n) => n > 0, { what: 'the second batch to wait for the first one' });
      twin.release();
      const [won, replayed] = await Promise.all([first, second]);
      expect(won[0]).toMatchObject({ ok: false, error: { kind: 'idempotency-key-reused' } });
      expect(replayed[0]).toMatchObject({ ok: false, error: { kind: 'idempotency-key-reused' } });
      expect(won.slice(1).every((o) => o.ok && !o.result.replayed)).toBe(true);
      expect(replayed.slice(1)).toEqual(
        won.slice(1).map((o) => ({ ok: true, result: { ...stripReplayedOf((o as { result: AppendOutcome }).result), replayed: true } })),
      );
      // The set-based attempt was rolled back and the batch went round again.
      expect(statements.filter((text) => text === 'BEGIN')).toHaveLength(2);
      expect(statements).toContain('ROLLBACK');
      expect((await db.pool.query('SELECT count(*)::int AS n FROM events WHERE stream_id = ANY($1::text[])', [fresh])).rows[0].n).toBe(40);
      for (const streamId of fresh) expect((await db.store.verify(streamId)).ok).toBe(true);
    });

    it('answers from the twin that took an idempotency key on another stream while the batch was writing', async () => {
      const twin = instrumented(true);
      const key = `k1:${randomUUID()}`;
      const elsewhere = `lot-${randomUUID()}`;
      const first = twin.store.appendMany([
        { streamId: elsewhere, expectedVersion: 'no-stream', events: [event()], metadata: meta, idempotency: { key, requestHash: 'h' } },
      ]);
      await twin.atCommit;
      const mine = `lot-${randomUUID()}`;
      const other = `lot-${randomUUID()}`;
      const second = db.store.appendMany([
        { streamId: mine, expectedVersion: 'no-stream', events: [event()], metadata: meta, idempotency: { key, requestHash: 'h' } },
        { streamId: other, expectedVersion: 'no-stream', events: [event()], metadata: meta },
      ]);
      await waitFor(lockWaits, (n) => n > 0, { what: 'the batch to wait for the twin' });
      twin.release();
      const [[won], outcomes] = await Promise.all([first, second]);
      expect(outcomes[0]).toEqual({ ok: true, result: { ...stripReplayedOf((won as { result: AppendOutcome }).result), replayed: true } });
      expect(outcomes[1]).toMatchObject({ ok: true, result: { streamId: other, streamVersion: 1, replayed: false } });
      expect(await db.store.readStream(mine)).toEqual([]);
      expect((await db.store.verify(other)).ok).toBe(true);
    });
  });

  it('drops events_category_position outside a transaction (re-runnable), and the store works without it', async () => {
    const migration = new DropEventsCategoryIndex1764000410000();
    expect(migration.transaction).toBe(false);
    const indexed = async () =>
      (await db.pool.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'events' AND indexname = 'events_category_position'`)).rows[0].n;
    const runner = db.dataSource.createQueryRunner();
    try {
      // Whether or not the schema's migrations already include it: back down, then up twice.
      await migration.down(runner);
      expect(await indexed()).toBe(1);
      await migration.up(runner);
      await migration.up(runner);
      expect(await indexed()).toBe(0);
    } finally {
      await runner.release();
    }
    const streamId = `lot-${randomUUID()}`;
    await db.store.append({ streamId, expectedVersion: 'no-stream', events: [event()], metadata: meta });
    const [outcome] = await db.store.appendMany([{ streamId, expectedVersion: 1, events: [event('E')], metadata: meta }]);
    expect(outcome).toMatchObject({ ok: true, result: { streamVersion: 2 } });
    expect((await db.store.readAll(START, 1000)).events.length).toBeGreaterThan(0);
    expect((await db.store.verify(streamId)).ok).toBe(true);
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
    const { rows } = await db.pool.query('SELECT event_id, position::text FROM events WHERE position > $1 ORDER BY position LIMIT 200', [after || '0']);
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
    await waitFor(
      () => polls,
      (p) => p >= pollsAfterWrites + 5,
      { what: 'reader polls while holders are open' },
    );
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
