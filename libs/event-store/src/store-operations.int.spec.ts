import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { backlogAfter } from './backlog';

const meta = { actor: { keyId: 'k1', role: 'integration' }, siteId: 'S1' };
const event = (n: number) => ({ type: 'LotRegistered', data: { n }, occurredAt: '2026-11-25T08:30:00Z' });

describe('store operations other libraries use instead of reading its tables', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(4);
  });
  afterAll(async () => {
    await db.close();
  });

  it('counts the backlog after a position, leaving out ignored categories', async () => {
    const first = await db.store.append({ streamId: `lot-${randomUUID()}`, expectedVersion: 'no-stream', events: [event(1)], metadata: meta });
    await db.store.append({ streamId: `lot-${randomUUID()}`, expectedVersion: 'no-stream', events: [event(2), event(3)], metadata: meta });
    await db.store.append({ streamId: `access-keys-${randomUUID()}`, expectedVersion: 'no-stream', events: [event(4)], metadata: meta });

    const all = await backlogAfter(db.pool, first.position);
    expect(all.events).toBe(3);
    expect(all.oldestRecordedAt).toBeInstanceOf(Date);
    const projected = await backlogAfter(db.pool, first.position, ['access']);
    expect(projected.events).toBe(2);
    const none = await backlogAfter(db.pool, String(BigInt(first.position) + 1000n), ['access']);
    expect(none).toEqual({ events: 0, oldestRecordedAt: null });
  });

  it('answers many idempotency keys in one look-up, the absent ones absent', async () => {
    const key = `idem-${randomUUID()}`;
    const streamId = `lot-${randomUUID()}`;
    await db.store.append({ streamId, expectedVersion: 'no-stream', events: [event(5)], metadata: meta, idempotency: { key, requestHash: 'h-1' } });
    const stored = await db.store.findIdempotentMany([key, `idem-${randomUUID()}`]);
    expect([...stored.keys()]).toEqual([key]);
    expect(stored.get(key)).toMatchObject({ requestHash: 'h-1', status: 201, response: { streamId, streamVersion: 1 } });
    expect(await db.store.findIdempotentMany([])).toEqual(new Map());
  });
});
