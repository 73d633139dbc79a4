import { qualityLotDecider as lotDecider } from '@lotstream/quality';
import { fold } from '@lotstream/domain';
import { PostgresEventStore, Upcasters } from '@lotstream/event-store';
import { ALL_UPCASTERS } from '@lotstream/schema';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { inspectionRecorded, lotLife, lotRegistered, lotShipped, metadata, stepCompleted, tamper } from '../../../test/audit-fixtures';
import { GlobalCheckpoints } from './checkpoints/global-checkpoint';
import { COMMAND_SIDE_EVOLVERS } from './replay/command-side-evolvers';
import { toJsonValue } from './replay/stream-evolvers';
import { StreamReplay } from './replay/stream-replay';
import { AuditVerifier, WHOLE_STORE } from './verify/audit-verifier';

describe('audit: as-of replay', () => {
  let db: TestDatabase;
  let now: Date;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, () => now, new Upcasters(ALL_UPCASTERS));
  });
  afterAll(() => db.close());

  it("shows a lot's state at a time between two events as the fold of exactly the events recorded before it", async () => {
    const streamId = 'lot-ASOF-1';
    now = new Date('2026-11-25T08:00:00.000Z');
    await store.append({ streamId, expectedVersion: 'no-stream', events: [lotRegistered('ASOF-1')], metadata });
    now = new Date('2026-11-25T09:00:00.000Z');
    await store.append({ streamId, expectedVersion: 1, events: [stepCompleted('s1', 10)], metadata });
    now = new Date('2026-11-25T11:00:00.000Z');
    // Occurred before the as-of instant but recorded after it: the record did not show it then.
    await store.append({ streamId, expectedVersion: 2, events: [lotShipped('sh1', 40, '2026-11-25T09:30:00Z')], metadata });

    const replay = new StreamReplay(store, COMMAND_SIDE_EVOLVERS);
    const asOf = await replay.replay(streamId, { asOf: '2026-11-25T10:00:00+00:00' });
    const all = await store.readStream(streamId);
    const expected = toJsonValue(fold(lotDecider, all.slice(0, 2) as never[]));

    expect(asOf!.events.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(asOf!.streamVersion).toBe(2);
    expect(asOf!.currentVersion).toBe(3);
    expect(asOf!.stateSource).toBe('decider');
    expect(asOf!.state).toEqual(expected);
    expect(asOf!.state).not.toEqual(toJsonValue(fold(lotDecider, all as never[])));
    expect((asOf!.state as { shipped: number }).shipped).toBe(0);

    const byVersion = await replay.replay(streamId, { toVersion: 1 });
    expect(byVersion!.events).toHaveLength(1);
    const before = await replay.replay(streamId, { asOf: '2026-11-25T07:00:00Z' });
    expect(before!.streamVersion).toBe(0);
    expect(before!.state).toEqual(toJsonValue(lotDecider.initialState));
    expect(await replay.replay('lot-NOPE', {})).toBeUndefined();
  });

  it('upcasts a stored InspectionRecorded v1 (no unit) to v2 on read, and keeps the stored row as it was hashed', async () => {
    const streamId = 'lot-UPCAST-1';
    now = new Date('2026-11-25T08:00:00.000Z');
    const v1 = inspectionRecorded('i-old', 10);
    const { unit: _dropped, ...characteristicV1 } = v1.data.characteristic as Record<string, unknown>;
    await store.append({
      streamId,
      expectedVersion: 'no-stream',
      events: [lotRegistered('UPCAST-1'), { ...v1, schemaVersion: 1, data: { ...v1.data, characteristic: characteristicV1 } }],
      metadata,
    });
    const raw = await db.pool.query(`SELECT schema_version, data FROM events WHERE stream_id = $1 AND stream_version = 2`, [streamId]);
    expect(raw.rows[0].schema_version).toBe(1);
    expect(raw.rows[0].data.characteristic.unit).toBeUndefined();

    const [, read] = await store.readStream(streamId);
    expect(read.schemaVersion).toBe(2);
    expect(read.data.characteristic).toEqual({ id: 'D1', lsl: 9.9, usl: 10.1, nominal: 10, unit: 'unspecified' });
    const stored = await store.readStream(streamId, { upcast: false });
    expect(stored[1].schemaVersion).toBe(1);
    expect((await store.verify(streamId)).ok).toBe(true);
  });
});

describe('audit: verify', () => {
  let db: TestDatabase;
  let verifier: AuditVerifier;
  let checkpoints: GlobalCheckpoints;

  beforeEach(async () => {
    db = await createTestDatabase(5);
    checkpoints = new GlobalCheckpoints(db.pool);
    verifier = new AuditVerifier(db.store, checkpoints);
    for (const lot of ['V1', 'V2', 'V3']) await db.store.append(lotLife(lot, 3));
  });
  afterEach(() => db.close());

  const positionOf = async (streamId: string, version: number): Promise<string> =>
    (await db.pool.query(`SELECT position::text AS p FROM events WHERE stream_id = $1 AND stream_version = $2`, [streamId, version])).rows[0].p;

  it('passes on an intact store, with and without a checkpoint, and after events are added past the checkpoint', async () => {
    expect(await verifier.verify()).toEqual({ ok: true, checked: 15 });
    const checkpoint = await checkpoints.record('test');
    await db.store.append({ streamId: 'lot-V1', expectedVersion: 5, events: [lotShipped('sh', 10)], metadata });
    await db.store.append(lotLife('V4', 1));
    const result = await verifier.verify();
    expect(result).toMatchObject({ ok: true, checked: 19, checkpoint: { id: checkpoint!.id, ok: true } });
    expect(await verifier.verify({ checkpointHash: checkpoint!.hash })).toMatchObject({ ok: true });
  });

  it('detects a changed field and names the event', async () => {
    const position = await positionOf('lot-V2', 3);
    await tamper(db.pool, [[`UPDATE events SET data = jsonb_set(data, '{quantityGood}', '99') WHERE stream_id = 'lot-V2' AND stream_version = 3`]]);
    const result = await verifier.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ streamId: 'lot-V2', streamVersion: 3, position, reason: 'content does not match its hash' });
    expect((await verifier.verify({ streamId: 'lot-V2' })).ok).toBe(false);
    expect((await verifier.verify({ streamId: 'lot-V1' })).ok).toBe(true);
  });

  it('detects an event deleted from the middle of a stream', async () => {
    await tamper(db.pool, [[`DELETE FROM events WHERE stream_id = 'lot-V2' AND stream_version = 2`]]);
    const result = await verifier.verify();
    expect(result).toMatchObject({ ok: false, firstBroken: { streamId: 'lot-V2', streamVersion: 3 } });
    expect(result.firstBroken!.reason).toMatch(/version 2 is missing/);
  });

  it('detects a removed stream tail whose head row was moved back, through the global checkpoint', async () => {
    const checkpoint = await checkpoints.record('test');
    const v3 = (await db.pool.query(`SELECT hash FROM events WHERE stream_id = 'lot-V3' AND stream_version = 3`)).rows[0].hash;
    await tamper(db.pool, [
      [`DELETE FROM events WHERE stream_id = 'lot-V3' AND stream_version > 3`],
      [`UPDATE streams SET version = 3, head_hash = $1 WHERE stream_id = 'lot-V3'`, [v3]],
    ]);
    // Every per-stream chain is still consistent: only the checkpoint can tell.
    expect((await db.store.verify()).ok).toBe(true);
    const result = await verifier.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ streamId: WHOLE_STORE, position: checkpoint!.maxPosition });
    expect(result.firstBroken!.reason).toMatch(/15 events then, 13 now/);
    expect(result.checkpoint).toMatchObject({ id: checkpoint!.id, ok: false });
  });

  it('detects a removed whole stream (events and head row), through the global checkpoint', async () => {
    await checkpoints.record('test');
    await tamper(db.pool, [[`DELETE FROM events WHERE stream_id = 'lot-V1'`], [`DELETE FROM streams WHERE stream_id = 'lot-V1'`]]);
    expect((await db.store.verify()).ok).toBe(true);
    const result = await verifier.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBroken!.reason).toMatch(/3 streams then, 2 now/);
  });

  it('detects a rewritten stream even when its new chain is self-consistent (heads differ from the checkpoint)', async () => {
    await checkpoints.record('test');
    // Re-append V2 under a new history: delete it, then write different events through the store.
    await tamper(db.pool, [[`DELETE FROM events WHERE stream_id = 'lot-V2'`], [`DELETE FROM streams WHERE stream_id = 'lot-V2'`]]);
    await new PostgresEventStore(db.pool).append(lotLife('V2', 3));
    expect((await db.store.verify()).ok).toBe(true);
    const result = await verifier.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBroken!.reason).toMatch(/stream heads differ/);
  });

  it('detects a removed or altered checkpoint through the checkpoint chain', async () => {
    const first = await checkpoints.record('test');
    await db.store.append(lotLife('V5', 1));
    await checkpoints.record('test');
    await db.store.append(lotLife('V6', 1));
    await checkpoints.record('test');
    await db.pool.query(`DELETE FROM audit_checkpoints WHERE id = (SELECT min(id) + 1 FROM audit_checkpoints)`);
    expect((await verifier.verify()).firstBroken!.reason).toMatch(/does not link to its predecessor/);
    await db.pool.query(`UPDATE audit_checkpoints SET event_count = 1 WHERE id = $1`, [first!.id]);
    expect((await verifier.verify()).ok).toBe(false);
  });

  it('skips a periodic checkpoint when nothing was appended since the last one', async () => {
    expect(await checkpoints.record('periodic', { onlyIfChanged: true })).toBeDefined();
    expect(await checkpoints.record('periodic', { onlyIfChanged: true })).toBeUndefined();
    await db.store.append(lotLife('V7', 1));
    expect(await checkpoints.record('periodic', { onlyIfChanged: true })).toBeDefined();
    expect(await checkpoints.list()).toHaveLength(2);
  });
});
