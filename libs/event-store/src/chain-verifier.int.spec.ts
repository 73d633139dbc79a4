import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { tamper } from '../../../test/audit-fixtures';
import { EventToAppend, ImportedEvent } from './event-store.types';
import { HashVersion, linkHash, linkHashOf } from './hash-chain';

const meta = { actor: { keyId: 'k1', role: 'integration' }, siteId: 'S1' };
const event = (i: number): EventToAppend => ({
  type: 'StepDone',
  data: { i, note: 'é "quoted"', measurements: [1e-7, 12.5, 1e21] },
  occurredAt: '2026-11-25T08:30:00.123Z',
});

/**
 * A stream of `events` events in hash format `format`: v2 through the store's appends (what every
 * append writes now), v1 as an earlier store wrote them (imported: hashVersion 1, canonicalJson).
 */
async function seed(db: TestDatabase, format: HashVersion, streamId: string, events: number): Promise<void> {
  if (format === 2) {
    await db.store.append({ streamId, expectedVersion: 'no-stream', events: Array.from({ length: events }, (_, i) => event(i + 1)), metadata: meta });
    return;
  }
  const chain: ImportedEvent[] = [];
  let prevHash: string | null = null;
  for (let v = 1; v <= events; v++) {
    const fields = {
      eventId: randomUUID(),
      streamId,
      streamVersion: v,
      type: 'StepDone',
      schemaVersion: 1,
      data: event(v).data,
      metadata: meta,
      occurredAt: '2026-11-25T08:30:00.123Z',
      recordedAt: '2026-11-25T08:31:00.000Z',
      prevHash,
    };
    const hash = linkHash(fields);
    chain.push({ ...fields, hash, hashVersion: 1 });
    prevHash = hash;
  }
  await db.store.importRecorded(chain);
}

const rowOf = async (db: TestDatabase, streamId: string, version: number) =>
  (await db.pool.query(`SELECT position::text AS position, hash, hash_version FROM events WHERE stream_id = $1 AND stream_version = $2`, [streamId, version]))
    .rows[0];

describe.each([1, 2] as const)('verify, hash format v%d', (format) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(4);
    for (const lot of ['A', 'B', 'C']) await seed(db, format, `lot-${lot}`, 5);
  });
  afterEach(() => db.close());

  it('passes an intact store and each intact stream, counting every event', async () => {
    expect((await rowOf(db, 'lot-A', 1)).hash_version).toBe(format);
    expect(await db.store.verify()).toEqual({ ok: true, checked: 15 });
    expect(await db.store.verify('lot-B')).toEqual({ ok: true, checked: 5 });
    expect(await db.store.verify('lot-NONE')).toEqual({ ok: true, checked: 0 });
  });

  it('names an event whose data a superuser changed with the immutability trigger off', async () => {
    const target = await rowOf(db, 'lot-B', 3);
    await tamper(db.pool, [[`UPDATE events SET data = jsonb_set(data, '{i}', '99') WHERE stream_id = 'lot-B' AND stream_version = 3`]]);
    const result = await db.store.verify();
    expect(result).toEqual({
      ok: false,
      // Every event logged before it verified (lot-A's five, lot-B's first two).
      checked: 7,
      firstBroken: { streamId: 'lot-B', streamVersion: 3, position: target.position, reason: 'content does not match its hash' },
    });
    expect((await db.store.verify('lot-B')).firstBroken).toMatchObject({ streamVersion: 3, reason: 'content does not match its hash' });
    expect((await db.store.verify('lot-C')).ok).toBe(true);
  });

  it('names the first event of a stream whose metadata, type or recorded-at changed', async () => {
    for (const [sql, version] of [
      [`UPDATE events SET metadata = jsonb_set(metadata, '{siteId}', '"S2"') WHERE stream_id = 'lot-C' AND stream_version = 4`, 4],
      [`UPDATE events SET type = 'Other' WHERE stream_id = 'lot-C' AND stream_version = 2`, 2],
      [`UPDATE events SET recorded_at = recorded_at + interval '1 ms' WHERE stream_id = 'lot-C' AND stream_version = 1`, 1],
    ] as const) {
      await tamper(db.pool, [[sql]]);
      expect((await db.store.verify()).firstBroken).toMatchObject({ streamId: 'lot-C', streamVersion: version, reason: 'content does not match its hash' });
    }
  });

  it('names the event after one removed from the middle of a stream', async () => {
    await tamper(db.pool, [[`DELETE FROM events WHERE stream_id = 'lot-A' AND stream_version IN (2, 3)`]]);
    const result = await db.store.verify();
    expect(result).toMatchObject({
      ok: false,
      checked: 1,
      firstBroken: { streamId: 'lot-A', streamVersion: 4, position: (await rowOf(db, 'lot-A', 4)).position },
    });
    expect(result.firstBroken!.reason).toBe('version 2 is missing');
  });

  it('names a link forged to another previous hash, even when the event was re-hashed to match', async () => {
    const [, , third] = await db.store.readStream('lot-B', { upcast: false });
    const forged = 'f'.repeat(64);
    const rehashed = linkHashOf(format, { ...third, prevHash: forged });
    await tamper(db.pool, [[`UPDATE events SET prev_hash = $1, hash = $2 WHERE event_id = $3`, [forged, rehashed, third.eventId]]]);
    expect((await db.store.verify()).firstBroken).toEqual({
      streamId: 'lot-B',
      streamVersion: 3,
      position: third.position,
      reason: 'previous hash does not match',
    });
  });

  it('finds a removed tail, an altered head and a head whose events are all gone, through the stream heads', async () => {
    await tamper(db.pool, [[`DELETE FROM events WHERE stream_id = 'lot-C' AND stream_version = 5`]]);
    expect(await db.store.verify()).toEqual({
      ok: false,
      checked: 14,
      firstBroken: { streamId: 'lot-C', streamVersion: 4, position: '', reason: 'stream head does not match the last event (events removed or head altered)' },
    });
    await tamper(db.pool, [[`UPDATE streams SET head_hash = $1 WHERE stream_id = 'lot-B'`, ['0'.repeat(64)]]]);
    // Streams in id order: lot-B before lot-C.
    expect((await db.store.verify()).firstBroken).toMatchObject({ streamId: 'lot-B', streamVersion: 5, reason: /stream head does not match/ });
    expect((await db.store.verify('lot-B')).firstBroken).toMatchObject({ streamId: 'lot-B', streamVersion: 5, position: '' });
    await tamper(db.pool, [[`DELETE FROM events WHERE stream_id = 'lot-A'`]]);
    await tamper(db.pool, [
      [`UPDATE streams SET head_hash = (SELECT hash FROM events WHERE stream_id = 'lot-B' AND stream_version = 5) WHERE stream_id = 'lot-B'`],
    ]);
    await tamper(db.pool, [[`INSERT INTO streams (stream_id, category, version, head_hash, updated_at) SELECT 'lot-C2', 'lot', 1, 'x', now()`]]);
    // Heads over events first (lot-C), then heads without any event (lot-A before lot-C2).
    expect((await db.store.verify()).firstBroken).toMatchObject({ streamId: 'lot-C', reason: /does not match the last event/ });
    await tamper(db.pool, [
      [`UPDATE streams SET version = 4, head_hash = (SELECT hash FROM events WHERE stream_id = 'lot-C' AND stream_version = 4) WHERE stream_id = 'lot-C'`],
    ]);
    expect((await db.store.verify()).firstBroken).toEqual({
      streamId: 'lot-A',
      streamVersion: 5,
      position: '',
      reason: 'stream head exists but its events are gone',
    });
  });

  it('finds events without a stream head, or beyond it', async () => {
    await tamper(db.pool, [[`DELETE FROM streams WHERE stream_id = 'lot-A'`]]);
    expect((await db.store.verify()).firstBroken).toMatchObject({ streamId: 'lot-A', streamVersion: 5, position: '', reason: /does not match the last event/ });
    await tamper(db.pool, [
      [`INSERT INTO streams SELECT 'lot-A', 'lot', 5, hash, now() FROM events WHERE stream_id = 'lot-A' AND stream_version = 5`],
      [`UPDATE streams SET version = 4, head_hash = (SELECT hash FROM events WHERE stream_id = 'lot-B' AND stream_version = 4) WHERE stream_id = 'lot-B'`],
    ]);
    expect((await db.store.verify()).firstBroken).toMatchObject({ streamId: 'lot-B', streamVersion: 5, position: '', reason: /does not match the last event/ });
  });
});

describe('verify, both formats in one store', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(8);
  });
  afterEach(() => db.close());

  it('verifies a stream hashed in v1 and continued in v2, and finds a change on either side', async () => {
    await seed(db, 1, 'lot-M', 3);
    await db.store.append({ streamId: 'lot-M', expectedVersion: 3, events: [event(4), event(5)], metadata: meta });
    await seed(db, 2, 'lot-N', 2);
    const formats = (await db.store.readStream('lot-M', { upcast: false })).map((e) => e.hashVersion);
    expect(formats).toEqual([1, 1, 1, 2, 2]);
    expect(await db.store.verify()).toEqual({ ok: true, checked: 7 });

    await tamper(db.pool, [[`UPDATE events SET data = '{}' WHERE stream_id = 'lot-M' AND stream_version = 5`]]);
    expect((await db.store.verify()).firstBroken).toMatchObject({ streamId: 'lot-M', streamVersion: 5, reason: 'content does not match its hash' });
    // A v1 row earlier in the log comes first, found by the Node pass below the v2 break.
    await tamper(db.pool, [[`UPDATE events SET data = '{}' WHERE stream_id = 'lot-M' AND stream_version = 2`]]);
    expect(await db.store.verify()).toMatchObject({
      checked: 1,
      firstBroken: { streamId: 'lot-M', streamVersion: 2, reason: 'content does not match its hash' },
    });
    expect((await db.store.verify('lot-M')).firstBroken).toMatchObject({ streamVersion: 2 });
    expect((await db.store.verify('lot-N')).ok).toBe(true);
  });

  it('reports the broken event of smallest position, whatever the order of stream ids', async () => {
    await seed(db, 2, 'lot-Z', 2);
    await seed(db, 2, 'lot-A', 2);
    await tamper(db.pool, [
      [`UPDATE events SET data = '{}' WHERE stream_id = 'lot-A' AND stream_version = 2`],
      [`UPDATE events SET data = '{}' WHERE stream_id = 'lot-Z' AND stream_version = 2`],
    ]);
    expect(await db.store.verify()).toMatchObject({ checked: 1, firstBroken: { streamId: 'lot-Z', streamVersion: 2 } });
  });

  it('refuses a row in a hash format it does not know', async () => {
    await seed(db, 2, 'lot-F', 2);
    await tamper(db.pool, [[`UPDATE events SET hash_version = 7 WHERE stream_id = 'lot-F' AND stream_version = 2`]]);
    expect((await db.store.verify()).firstBroken).toMatchObject({ streamId: 'lot-F', streamVersion: 2, reason: 'hash format 7 is unknown' });
  });

  it('imports a v1 export as v1 (the chain stays identical) and refuses an instant not in the stored form', async () => {
    await seed(db, 1, 'lot-I', 2);
    const [first] = await db.store.readStream('lot-I', { upcast: false });
    expect(first).toMatchObject({ hashVersion: 1, recordedAt: '2026-11-25T08:31:00.000Z' });
    const fields = {
      eventId: randomUUID(),
      streamId: 'lot-J',
      streamVersion: 1,
      type: 'E',
      schemaVersion: 1,
      data: {},
      metadata: {},
      occurredAt: '2026-11-25T08:30:00Z',
      recordedAt: '2026-11-25T08:30:00.000Z',
      prevHash: null,
    };
    // Hashed over a text the store would not read back (".000" added): it could never verify.
    await expect(db.store.importRecorded([{ ...fields, hash: linkHash(fields), hashVersion: 1 }])).rejects.toThrow(/must be in the form the store keeps/);
  });

  it('sees one snapshot while appends go on: no head is taken for altered because its stream moved during the scan', async () => {
    for (let s = 0; s < 20; s++) await seed(db, 2, `lot-R${s}`, 3);
    let stop = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) await db.store.append({ streamId: `lot-R${(w * 5 + i) % 20}`, expectedVersion: 'any', events: [event(i)], metadata: meta });
    });
    const verdicts = [];
    for (let k = 0; k < 5; k++) verdicts.push(await db.store.verify());
    stop = true;
    await Promise.all(writers);
    for (const verdict of verdicts) expect(verdict).toMatchObject({ ok: true });
    expect(await db.store.verify()).toEqual({ ok: true, checked: Number((await db.pool.query('SELECT count(*) FROM events')).rows[0].count) });
  });
});
