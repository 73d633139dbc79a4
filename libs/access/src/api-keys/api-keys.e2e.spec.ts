import { Logger } from '@nestjs/common';
import { createHttpApp, loadConfig } from '@lotstream/platform';
import { createTestDatabase, issueTestKey, startTestApp, TEST_ADMIN_KEY, TestApp } from '@lotstream/testing';
import { StandaloneModule } from '../../../../apps/standalone/src/standalone.module';
import { ACCESS_KEYS_STREAM } from './api-key.events';

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

// Boots apps and hashes keys with scrypt: the project timeout is not applied in every jest mode.
jest.setTimeout(180_000);

/** The secret part of `lsk_<keyId>_<secret>` (the secret itself may contain `_`). */
const secretOf = (apiKey: string): string => apiKey.split('_').slice(2).join('_');

describe('API keys (e2e)', () => {
  let t: TestApp;
  const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };

  async function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  async function accessEvents() {
    return t.db.store.readStream(ACCESS_KEYS_STREAM);
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('answers 401 problem+json with WWW-Authenticate: Bearer without a key, with an unknown key and with a malformed header', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer lsk_0123456789abcdef_' + 'A'.repeat(43) },
      { authorization: `Basic ${TEST_ADMIN_KEY}` },
      { authorization: 'Bearer not-a-key-at-all-but-long-enough' },
    ];
    for (const headers of attempts) {
      const reply = await call('GET', '/v1/admin/api-keys', headers);
      expect(reply.status).toBe(401);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer realm="lotstream"/);
      expect(reply.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it('needs no key for /health, /health/ready, /metrics and /docs', async () => {
    for (const path of ['/health', '/health/ready', '/metrics', '/docs', '/docs/openapi.json']) {
      const response = await fetch(`${t.baseUrl}${path}`);
      expect([path, response.status]).toEqual([path, 200]);
    }
  });

  it('issues a key shown once, lists keys without secrets, and the new key authenticates with its role', async () => {
    const created = await call('POST', '/v1/admin/api-keys', admin, { role: 'admin', sites: ['*'], label: 'second admin' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.body).toEqual({
      keyId: expect.stringMatching(/^[a-f0-9]{16}$/),
      apiKey: expect.stringMatching(/^lsk_[a-f0-9]{16}_[A-Za-z0-9_-]{43}$/),
      role: 'admin',
      sites: ['*'],
      label: 'second admin',
      createdAt: expect.any(String),
    });
    expect(created.body.apiKey.startsWith(`lsk_${created.body.keyId}_`)).toBe(true);

    const listed = await call('GET', '/v1/admin/api-keys', { authorization: `Bearer ${created.body.apiKey}` });
    expect(listed.status).toBe(200);
    const entry = listed.body.items.find((k: { keyId: string }) => k.keyId === created.body.keyId);
    expect(entry).toEqual({
      keyId: created.body.keyId,
      role: 'admin',
      sites: ['*'],
      label: 'second admin',
      createdAt: created.body.createdAt,
      createdBy: 'admin-env',
      revokedAt: null,
      source: 'issued',
    });
    expect(listed.body.items.find((k: { keyId: string }) => k.keyId === 'admin-env')).toMatchObject({ role: 'admin', source: 'environment' });
    expect(JSON.stringify(listed.body)).not.toContain(secretOf(created.body.apiKey));
    expect(JSON.stringify(listed.body)).not.toMatch(/scrypt|salt|secret/i);
  });

  it('refuses other roles on the admin routes (403) and bad bodies (400), recording nothing', async () => {
    const auditor = await issueTestKey(t.baseUrl, 'auditor', ['PLANT-1']);
    const before = (await accessEvents()).length;
    expect((await call('GET', '/v1/admin/api-keys', auditor.headers)).status).toBe(403);
    const forbidden = await call('POST', '/v1/admin/api-keys', auditor.headers, { role: 'admin', sites: ['*'], label: 'escalate' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
    for (const body of [
      { role: 'root', sites: ['*'], label: 'x' },
      { role: 'operator', sites: [], label: 'x' },
      { role: 'operator', sites: ['*', 'PLANT-1'], label: 'x' },
      { role: 'operator', sites: ['PLANT 1'], label: 'x' },
      { role: 'operator', sites: ['PLANT-1'], label: '' },
      { role: 'operator', sites: ['PLANT-1'], label: 'x'.repeat(201) },
      { role: 'operator', sites: ['PLANT-1'] },
    ]) {
      const reply = await call('POST', '/v1/admin/api-keys', admin, body);
      expect([JSON.stringify(body), reply.status]).toEqual([JSON.stringify(body), 400]);
    }
    expect(await accessEvents()).toHaveLength(before);
  });

  it('a revoked key stops working immediately, even right after it was verified and cached', async () => {
    const key = await issueTestKey(t.baseUrl, 'admin', ['*'], 'to revoke');
    expect((await call('GET', '/v1/admin/api-keys', key.headers)).status).toBe(200);
    expect((await call('GET', '/v1/admin/api-keys', key.headers)).status).toBe(200);

    const revoked = await call('POST', `/v1/admin/api-keys/${key.keyId}/revocation`, admin);
    expect(revoked.status).toBe(201);
    expect(revoked.body).toMatchObject({ keyId: key.keyId, revokedAt: expect.any(String), streamId: ACCESS_KEYS_STREAM });

    const refused = await call('GET', '/v1/admin/api-keys', key.headers);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('invalid_token');
    // And through the service the Kafka intake uses.
    expect(await t.app.get((await import('./access.service')).AccessService).authenticate(key.apiKey)).toBeUndefined();

    const again = await call('POST', `/v1/admin/api-keys/${key.keyId}/revocation`, admin);
    expect(again.status).toBe(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    const events = await accessEvents();
    expect(events.filter((e) => e.type === 'ApiKeyRevoked' && e.data.keyId === key.keyId)).toHaveLength(1);

    expect((await call('POST', '/v1/admin/api-keys/0000000000000000/revocation', admin)).status).toBe(404);
    expect((await call('POST', '/v1/admin/api-keys/admin-env/revocation', admin)).status).toBe(409);
  });

  it('stores no key in clear anywhere: no row of any table holds a secret', async () => {
    const key = await issueTestKey(t.baseUrl, 'integration', ['PLANT-1'], 'MES line 1');
    const withIdempotency = await call(
      'POST',
      '/v1/admin/api-keys',
      { ...admin, 'idempotency-key': 'issue-quality-1' },
      { role: 'quality', sites: ['PLANT-1'], label: 'QA' },
    );
    expect(withIdempotency.status).toBe(201);
    const secrets = [key.apiKey, secretOf(key.apiKey), withIdempotency.body.apiKey, secretOf(withIdempotency.body.apiKey), TEST_ADMIN_KEY];

    const stored = await t.db.pool.query(`SELECT key_id, secret_hash, salt FROM api_keys WHERE key_id = $1`, [key.keyId]);
    expect(stored.rows[0].secret_hash).toMatch(/^scrypt\$/);
    const { rows: tables } = await t.db.pool.query<{ name: string }>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
       FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((r) => r.name)).toEqual(expect.arrayContaining(['public.api_keys', 'public.events', 'public.idempotency_keys']));
    for (const { name } of tables) {
      const { rows } = await t.db.pool.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
      for (const { row } of rows) for (const secret of secrets) expect([name, row.includes(secret)]).toEqual([name, false]);
    }
    const created = (await accessEvents()).find((e) => e.type === 'ApiKeyCreated' && e.data.keyId === key.keyId)!;
    expect(created.data).toEqual({ keyId: key.keyId, role: 'integration', sites: ['PLANT-1'], label: 'MES line 1', createdAt: expect.any(String) });
  });

  it('the same Idempotency-Key issues one key only, and never shows its secret again', async () => {
    const headers = { ...admin, 'idempotency-key': 'issue-metrology-1' };
    const body = { role: 'metrology', sites: ['PLANT-2'], label: 'Metrology lab' };
    const first = await call('POST', '/v1/admin/api-keys', headers, body);
    expect(first.status).toBe(201);
    const second = await call('POST', '/v1/admin/api-keys', headers, body);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ keyId: first.body.keyId });
    expect(JSON.stringify(second.body)).not.toContain(first.body.apiKey);
    const otherBody = await call('POST', '/v1/admin/api-keys', headers, { ...body, label: 'another' });
    expect(otherBody.status).toBe(409);
    const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM api_keys WHERE role = 'metrology' AND 'PLANT-2' = ANY(sites)`);
    expect(rows[0].n).toBe(1);
  });

  it('records the actor of the key used, and refuses a body that claims another actor', async () => {
    const second = await issueTestKey(t.baseUrl, 'admin', ['*'], 'key officer');
    const before = (await accessEvents()).length;
    const claimed = await call('POST', '/v1/admin/api-keys', second.headers, {
      role: 'operator',
      sites: ['PLANT-1'],
      label: 'operator',
      actor: { keyId: 'admin-env', role: 'admin', label: 'ADMIN_API_KEY' },
    });
    expect(claimed.status).toBe(400);
    expect(claimed.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'actor' })]));
    expect(await accessEvents()).toHaveLength(before);

    const created = await call(
      'POST',
      '/v1/admin/api-keys',
      { ...second.headers, 'x-correlation-id': 'corr-actor-1' },
      { role: 'operator', sites: ['PLANT-1'], label: 'operator' },
    );
    expect(created.status).toBe(201);
    const event = (await accessEvents()).find((e) => e.type === 'ApiKeyCreated' && e.data.keyId === created.body.keyId)!;
    expect(event.metadata.actor).toEqual({ keyId: second.keyId, role: 'admin', label: 'key officer' });
    expect(event.metadata.correlationId).toBe('corr-actor-1');
    const { rows } = await t.db.pool.query(`SELECT created_by FROM api_keys WHERE key_id = $1`, [created.body.keyId]);
    expect(rows[0].created_by).toBe(second.keyId);
  });
});

describe('first admin key without ADMIN_API_KEY (e2e)', () => {
  it('is generated at first start, printed once in the log, and not again at the next start', async () => {
    const db = await createTestDatabase();
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    config.databaseUrl = db.url;
    const boot = async () => {
      const app = await createHttpApp(StandaloneModule.register({ config, dataSource: db.dataSource }), config, { title: 't', description: 't' });
      await app.listen(0, '127.0.0.1');
      return { app, baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` };
    };
    try {
      const first = await boot();
      const printed = warnings.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('generated the first admin API key'));
      expect(printed).toHaveLength(1);
      const apiKey = /(lsk_[a-f0-9]{16}_[A-Za-z0-9_-]{43})/.exec(printed[0])![1];
      const listed = await fetch(`${first.baseUrl}/v1/admin/api-keys`, { headers: { authorization: `Bearer ${apiKey}` } });
      expect(listed.status).toBe(200);
      const { items } = (await listed.json()) as { items: Array<{ role: string; createdBy: string; source: string }> };
      expect(items).toEqual([expect.objectContaining({ role: 'admin', createdBy: 'system', source: 'issued' })]);
      await first.app.close();

      warnings.mockClear();
      const second = await boot();
      expect(warnings.mock.calls.filter((call) => String(call[0]).includes('generated the first admin API key'))).toHaveLength(0);
      expect((await fetch(`${second.baseUrl}/v1/admin/api-keys`, { headers: { authorization: `Bearer ${apiKey}` } })).status).toBe(200);
      await second.app.close();
      const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM api_keys`);
      expect(rows[0].n).toBe(1);
    } finally {
      warnings.mockRestore();
      await db.close();
    }
  });
});
