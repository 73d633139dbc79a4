import { ProjectionRunner } from '@lotstream/messaging';
import { decodeCheckpoint, PostgresEventStore } from '@lotstream/event-store';
import { ALL_READ_MODELS } from '@lotstream/schema';
import { issueTestKey, startTestApp, TEST_ADMIN_KEY, TestApp, TestKey, waitFor } from '@lotstream/testing';
import { lotLife, lotShipped, metadata, tamper, waitUntilAllReadable } from './audit-fixtures';

jest.setTimeout(180_000);

const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };

async function call(
  t: TestApp,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const response = await fetch(`${t.baseUrl}${path}`, { method, headers });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

describe('audit routes (e2e)', () => {
  let t: TestApp;
  let auditor: TestKey;
  let siteBAuditor: TestKey;
  let writer: TestKey;
  let store: PostgresEventStore;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.db.store;
    auditor = await issueTestKey(t.baseUrl, 'auditor');
    siteBAuditor = await issueTestKey(t.baseUrl, 'auditor', ['SITE-B']);
    writer = await issueTestKey(t.baseUrl, 'integration');
    for (const lot of ['R1', 'R2', 'R3']) await store.append(lotLife(lot, 2));
  });
  afterAll(async () => t?.close());

  it('pages the global log in safe order with an opaque cursor, and refuses a bad cursor or limit with 400', async () => {
    await waitUntilAllReadable(t.db.pool);
    const total = Number((await store.headPosition()).count);
    const seen: string[] = [];
    let after = '';
    for (let guard = 0; guard < 100; guard++) {
      const page = await call(t, 'GET', `/v1/audit/events?limit=4${after ? `&after=${after}` : ''}`, auditor.headers);
      expect(page.status).toBe(200);
      expect(page.body.events.length).toBeLessThanOrEqual(4);
      seen.push(...page.body.events.map((e: { eventId: string }) => e.eventId));
      if (page.body.events.length === 0) break;
      after = page.body.next;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);

    const first = (await call(t, 'GET', '/v1/audit/events?limit=1', auditor.headers)).body.events[0];
    expect(Object.keys(first).sort()).toEqual(
      [
        'cursor',
        'data',
        'eventId',
        'hash',
        'hashVersion',
        'metadata',
        'occurredAt',
        'position',
        'prevHash',
        'recordedAt',
        'schemaVersion',
        'streamId',
        'streamVersion',
        'type',
      ].sort(),
    );
    expect((await call(t, 'GET', `/v1/audit/events?limit=1&after=${first.cursor}`, auditor.headers)).body.events[0].eventId).toBe(seen[1]);

    const badCursor = await call(t, 'GET', '/v1/audit/events?after=not-a-cursor', auditor.headers);
    expect(badCursor.status).toBe(400);
    expect(badCursor.headers.get('content-type')).toContain('application/problem+json');
    expect(badCursor.body.type).toMatch(/invalid-cursor/);
    expect((await call(t, 'GET', '/v1/audit/events?limit=1001', auditor.headers)).status).toBe(400);
    expect((await call(t, 'GET', '/v1/audit/events?limit=0', auditor.headers)).status).toBe(400);
    expect((await call(t, 'GET', '/v1/audit/events?foo=1', auditor.headers)).status).toBe(400);
  });

  it('streams the log as NDJSON with Accept: application/x-ndjson', async () => {
    await waitUntilAllReadable(t.db.pool);
    const total = Number((await store.headPosition()).count);
    const reply = await call(t, 'GET', '/v1/audit/events', { ...auditor.headers, accept: 'application/x-ndjson' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = reply.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(total);
    const resumed = await call(t, 'GET', `/v1/audit/events?after=${lines[total - 3].cursor}`, { ...auditor.headers, accept: 'application/x-ndjson' });
    expect(resumed.text.trim().split('\n')).toHaveLength(2);
  });

  it('answers a stream as of a version or a time with the folded state, 404 for another site or an unknown stream', async () => {
    const reply = await call(t, 'GET', '/v1/audit/streams/lot-R1?version=2', auditor.headers);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ streamId: 'lot-R1', streamVersion: 2, currentVersion: 4, stateSource: 'decider' });
    expect(reply.body.events.map((e: { type: string }) => e.type)).toEqual(['LotRegistered', 'ProductionStepCompleted']);
    expect(reply.body.state.registered).toMatchObject({ lotNumber: 'R1', partNumber: 'PN-1' });
    expect(reply.body.state.stepIds).toEqual(['R1-s1']);

    const recordedAt = reply.body.events[0].recordedAt;
    const asOf = await call(t, 'GET', `/v1/audit/streams/lot-R1?asOf=${encodeURIComponent(recordedAt)}`, auditor.headers);
    expect(asOf.body.events.length).toBeGreaterThanOrEqual(1);

    expect((await call(t, 'GET', '/v1/audit/streams/lot-R1?asOf=yesterday', auditor.headers)).status).toBe(400);
    expect((await call(t, 'GET', '/v1/audit/streams/lot-NOPE', auditor.headers)).status).toBe(404);
    expect((await call(t, 'GET', '/v1/audit/streams/lot-R1', siteBAuditor.headers)).status).toBe(404);
    const scoped = await call(t, 'GET', '/v1/audit/events', siteBAuditor.headers);
    expect(scoped.body.events).toEqual([]);
  });

  it('lets only auditors read the audit routes and only admins take checkpoints', async () => {
    expect((await call(t, 'GET', '/v1/audit/events', writer.headers)).status).toBe(403);
    expect((await call(t, 'GET', '/v1/audit/verify', admin)).status).toBe(403);
    expect((await call(t, 'GET', '/v1/audit/events')).status).toBe(401);
    expect((await call(t, 'POST', '/v1/admin/audit/checkpoints', auditor.headers)).status).toBe(403);
  });

  it('verifies an intact store against a checkpoint, then finds a removed stream tail', async () => {
    const taken = await call(t, 'POST', '/v1/admin/audit/checkpoints', admin);
    expect(taken.status).toBe(201);
    expect(taken.body.hash).toMatch(/^[a-f0-9]{64}$/);
    const listed = await call(t, 'GET', '/v1/audit/checkpoints', auditor.headers);
    expect(listed.body.checkpoints[0].hash).toBe(taken.body.hash);

    const intact = await call(t, 'GET', '/v1/audit/verify', auditor.headers);
    expect(intact.body).toMatchObject({ ok: true, checkpoint: { hash: taken.body.hash, ok: true } });
    expect((await call(t, 'GET', '/v1/audit/verify?streamId=lot-R2', auditor.headers)).body).toEqual({ ok: true, checked: 4 });

    const v3 = (await t.db.pool.query(`SELECT hash FROM events WHERE stream_id = 'lot-R3' AND stream_version = 3`)).rows[0].hash;
    await tamper(t.db.pool, [
      [`DELETE FROM events WHERE stream_id = 'lot-R3' AND stream_version = 4`],
      [`UPDATE streams SET version = 3, head_hash = $1 WHERE stream_id = 'lot-R3'`, [v3]],
    ]);
    const broken = await call(t, 'GET', '/v1/audit/verify', auditor.headers);
    expect(broken.body).toMatchObject({ ok: false, firstBroken: { streamId: '*' } });
    expect(broken.body.firstBroken.reason).toMatch(/global checkpoint/);
  });
});

const LOTS = 200;

describe('read-model rebuild (e2e)', () => {
  let t: TestApp;
  let reader: TestKey;
  let store: PostgresEventStore;

  beforeAll(async () => {
    t = await startTestApp();
    reader = await issueTestKey(t.baseUrl, 'auditor');
    // The test's own store instance: its cached heads are its own (the app writes nothing here).
    store = new PostgresEventStore(t.db.pool);
    await store.appendMany(Array.from({ length: LOTS }, (_, i) => lotLife(`RB-${i}`, 3)));
  });
  afterAll(async () => t?.close());

  const status = async (): Promise<any> => (await call(t, 'GET', '/v1/admin/projections', admin)).body;

  it('rebuilds while writes continue, queries never fail during the swap, and the result equals a clean replay', async () => {
    await waitFor(status, (s) => s.lag.events === 0, { what: 'live projection caught up', timeoutMs: 60_000 });

    let writing = true;
    let written = 0;
    const writes = (async () => {
      // A steady trickle, as a plant would write: new lots and shipments on existing ones.
      for (let i = 0; writing; i++) {
        await store.append(lotLife(`RB-LIVE-${i}`, 1));
        await store.append({ streamId: `lot-RB-${i % LOTS}`, expectedVersion: 'any', events: [lotShipped(`sh-${i}`, 1)], metadata });
        written += 4;
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    })();

    const failures: string[] = [];
    let polls = 0;
    let polling = true;
    const probes = (async () => {
      while (polling) {
        const [http, sql] = await Promise.allSettled([
          call(t, 'GET', `/v1/lots/RB-${polls % LOTS}`, reader.headers),
          t.db.pool.query('SELECT count(*)::int AS n FROM rm.trace_lots'),
        ]);
        if (http.status === 'rejected') failures.push(`http: ${http.reason}`);
        else if (http.value.status !== 200) failures.push(`http ${http.value.status}: ${http.value.text.slice(0, 200)}`);
        if (sql.status === 'rejected') failures.push(`sql: ${sql.reason}`);
        else if (sql.value.rows[0].n < LOTS) failures.push(`rm.trace_lots had ${sql.value.rows[0].n} lots`);
        polls++;
      }
    })();

    const started = await call(t, 'POST', '/v1/admin/projections/rebuild', admin);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ rebuildId: expect.any(String), state: 'building' });
    const pollsAtStart = polls;
    const finished = await waitFor(status, (s) => ['done', 'failed'].includes(s.rebuild?.state), { what: 'rebuild finished', timeoutMs: 120_000 });
    expect(finished.rebuild).toMatchObject({ rebuildId: started.body.rebuildId, state: 'done' });
    expect(finished.rebuild.eventsApplied).toBeGreaterThanOrEqual(LOTS * 5);
    expect(finished.rebuild.eventsPerSecond).toBeGreaterThan(0);

    writing = false;
    await writes;
    // Keep probing a little after the swap, then stop.
    const pollsAtSwap = polls;
    await waitFor(
      () => polls,
      (n) => n > pollsAtSwap + 5,
      { what: 'probes after the swap' },
    );
    polling = false;
    await probes;
    expect(failures).toEqual([]);
    expect(polls - pollsAtStart).toBeGreaterThan(5);
    expect(written).toBeGreaterThan(0);

    // The live feed goes on in the new schema.
    const head = Number((await t.db.store.headPosition()).count);
    await waitFor(status, (s) => s.lag.events === 0, { what: 'live projection caught up after the rebuild', timeoutMs: 60_000 });
    const applied = (await t.db.pool.query(`SELECT count(*)::int AS n FROM rm.applied_events`)).rows[0].n;
    expect(applied).toBe(head);
    const { rows: schemas } = await t.db.pool.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rm%' ORDER BY 1`);
    expect(schemas.map((r) => r.nspname)).toEqual(['rm']);
    expect(decodeCheckpoint(finished.checkpoints.store)).toBeDefined();

    // A clean replay into its own schema gives the same tables.
    const clean = new ProjectionRunner(t.db.pool, ALL_READ_MODELS, 'rm_clean');
    await clean.ensureSchema();
    let cursor = decodeCheckpoint('0')!;
    for (;;) {
      const page = await t.db.store.readAll(cursor, 1000);
      if (page.events.length === 0) break;
      await clean.apply(page.events);
      cursor = decodeCheckpoint(page.next)!;
    }
    for (const model of ALL_READ_MODELS) {
      for (const table of model.tables) {
        const rowsOf = async (schema: string): Promise<string[]> =>
          (await t.db.pool.query(`SELECT to_jsonb(x)::text AS row FROM ${schema}.${table} x ORDER BY 1`)).rows.map((r) => r.row);
        const [live, replayed] = await Promise.all([rowsOf('rm'), rowsOf('rm_clean')]);
        expect([model.name, table, live.length]).toEqual([model.name, table, replayed.length]);
        expect(live).toEqual(replayed);
      }
    }
    await t.db.pool.query('DROP SCHEMA rm_clean CASCADE');
  });

  it('answers 409 while a rebuild runs', async () => {
    const first = await call(t, 'POST', '/v1/admin/projections/rebuild', admin);
    const second = await call(t, 'POST', '/v1/admin/projections/rebuild', admin);
    expect(first.status).toBe(202);
    expect(second.status).toBe(409);
    await waitFor(status, (s) => ['done', 'failed'].includes(s.rebuild?.state), { what: 'rebuild finished', timeoutMs: 120_000 });
    expect((await status()).rebuild.state).toBe('done');
  });
});
