import { WrongExpectedVersion } from '@lotstream/event-store';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { inAccessKeysTransaction } from './access-keys-transaction';
import { ACCESS_KEYS_STREAM } from './api-key.events';

jest.setTimeout(60_000);

const clock = () => new Date('2026-12-01T08:00:00Z');
const meta = { actor: { keyId: 'admin-env', role: 'admin', label: 'test' } };

describe('access-keys stream and api_keys table in one transaction (int)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(4);
  });
  afterAll(async () => db?.close());

  const insertRow = (tx: { query: (text: string, values: unknown[]) => Promise<unknown> }, keyId: string) =>
    tx.query(
      `INSERT INTO api_keys (key_id, secret_hash, salt, role, sites, label, created_at, created_by)
       VALUES ($1, 'scrypt$x', 's', 'operator', '{PLANT-1}', 'l', now(), 'admin-env')`,
      [keyId],
    );
  const created = (keyId: string) => ({
    type: 'ApiKeyCreated',
    data: { keyId, role: 'operator', sites: ['PLANT-1'], label: 'l', createdAt: clock().toISOString() },
    occurredAt: clock().toISOString(),
  });
  const rowsOf = async (keyId: string) => (await db.pool.query(`SELECT revoked_at FROM api_keys WHERE key_id = $1`, [keyId])).rows;
  const eventsOf = async (keyId: string) => (await db.store.readStream(ACCESS_KEYS_STREAM)).filter((e) => e.data.keyId === keyId);

  it('commits the key row and its event together', async () => {
    await inAccessKeysTransaction(db.pool, clock, async (tx, store) => {
      await insertRow(tx, 'k-together');
      await store.append({ streamId: ACCESS_KEYS_STREAM, expectedVersion: 'any', events: [created('k-together')], metadata: meta });
    });
    expect(await rowsOf('k-together')).toHaveLength(1);
    expect((await eventsOf('k-together')).map((e) => e.type)).toEqual(['ApiKeyCreated']);
  });

  it('leaves neither the row nor the event when the append is refused', async () => {
    await expect(
      inAccessKeysTransaction(db.pool, clock, async (tx, store) => {
        await insertRow(tx, 'k-refused');
        // The stream exists already (previous test): a stale expectation, refused by the store itself.
        await store.append({ streamId: ACCESS_KEYS_STREAM, expectedVersion: 'no-stream', events: [created('k-refused')], metadata: meta });
      }),
    ).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect(await rowsOf('k-refused')).toHaveLength(0);
    expect(await eventsOf('k-refused')).toHaveLength(0);
  });

  it('undoes an event already appended when the transaction fails after it', async () => {
    await expect(
      inAccessKeysTransaction(db.pool, clock, async (tx, store) => {
        await store.append({ streamId: ACCESS_KEYS_STREAM, expectedVersion: 'any', events: [created('k-undone')], metadata: meta });
        await insertRow(tx, 'k-together'); // already there: the row write fails after the append
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await eventsOf('k-undone')).toHaveLength(0);
  });

  it('a revocation whose event is refused does not take effect', async () => {
    await expect(
      inAccessKeysTransaction(db.pool, clock, async (tx, store) => {
        await tx.query(`UPDATE api_keys SET revoked_at = now() WHERE key_id = 'k-together'`);
        await store.append({
          streamId: ACCESS_KEYS_STREAM,
          expectedVersion: 0,
          events: [{ type: 'ApiKeyRevoked', data: { keyId: 'k-together', revokedAt: clock().toISOString() }, occurredAt: clock().toISOString() }],
          metadata: meta,
        });
      }),
    ).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect(await rowsOf('k-together')).toEqual([{ revoked_at: null }]);
    expect((await eventsOf('k-together')).map((e) => e.type)).toEqual(['ApiKeyCreated']);
  });
});
