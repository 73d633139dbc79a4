import { issueTestKey, startTestApp, TEST_ADMIN_KEY, type TestApp } from '@lotstream/testing';
import { tamper } from '../audit-fixtures';
import { enrolSigner, httpCaller } from './signer';

// The module object itself (not an ES namespace), so its writes can be observed: pino writes through it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs: typeof import('node:fs') = require('node:fs');

// Holds and signed releases over HTTP: a signer enrolled without anyone else knowing the password,
// a forward hold from a bad material lot over three levels of lots, a signed release, failed
// attempts and the lockout, tampering with a signature detected by verify, and the password and the
// enrolment token found in no table and no log line.
describe('holds and electronic signatures (e2e)', () => {
  let t: TestApp;
  let integration: Record<string, string>;
  let quality: Record<string, string>;
  let operator: Record<string, string>;
  let otherSite: Record<string, string>;
  let auditor: Record<string, string>;
  const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
  const PASSWORD = 'Sign-Me-Carefully-7431';
  const OTHER_PASSWORD = 'Locked-Out-Soon-9902';
  let enrolmentToken = '';
  const logged: string[] = [];
  const spies: jest.SpyInstance[] = [];

  const call = httpCaller(() => t.baseUrl);
  const post = (path: string, body: unknown, headers = integration) => call('POST', path, headers, body);
  async function created(path: string, body: unknown, headers = integration) {
    const answer = await post(path, body, headers);
    if (answer.status !== 201) throw new Error(`POST ${path} → ${answer.status} ${answer.text}`);
    return answer.body;
  }
  const versionOf = async (streamId: string): Promise<number> =>
    Number((await t.db.pool.query(`SELECT coalesce(max(stream_version), 0) AS v FROM events WHERE stream_id = $1`, [streamId])).rows[0].v);
  const typesOf = async (streamId: string): Promise<string[]> =>
    (await t.db.pool.query(`SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version`, [streamId])).rows.map((r) => r.type);
  const lot = (lotNumber: string, kind = 'production') =>
    created('/v1/lots', {
      lotNumber,
      partNumber: kind === 'material' ? 'BAR-42' : 'PN-SHAFT',
      partRevision: 'A',
      quantity: 100,
      unit: 'pcs',
      siteId: 'SITE-A',
      kind,
    });
  const signature = (password = PASSWORD, personId = 'QE-004') => ({ personId, password, meaning: 'approved' });

  beforeAll(async () => {
    // Every line the process logs, at debug, to search it for the secrets at the end.
    for (const name of ['writeSync', 'write'] as const) {
      const original = fs[name] as (...args: any[]) => any;
      spies.push(
        jest.spyOn(fs, name).mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
          if (fd === 1 || fd === 2) logged.push(String(data));
          return original.call(fs, fd, data, ...rest);
        }) as any),
      );
    }
    const stdout = process.stdout.write.bind(process.stdout);
    spies.push(
      jest
        .spyOn(process.stdout, 'write')
        .mockImplementation(((chunk: unknown, ...rest: any[]) => (logged.push(String(chunk)), stdout(chunk as string, ...rest))) as any),
    );
    t = await startTestApp({ env: { LOG_LEVEL: 'debug' } });
    integration = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    quality = (await issueTestKey(t.baseUrl, 'quality', ['SITE-A'])).headers;
    operator = (await issueTestKey(t.baseUrl, 'operator', ['SITE-A'])).headers;
    otherSite = (await issueTestKey(t.baseUrl, 'quality', ['SITE-B'])).headers;
    auditor = (await issueTestKey(t.baseUrl, 'auditor', ['SITE-A'])).headers;
    await created('/v1/personnel', { personId: 'QE-004', name: 'Dana Whitfield', siteId: 'SITE-A' });
    await created('/v1/personnel', { personId: 'QE-B1', name: 'Bea Other', siteId: 'SITE-B' });
  }, 60_000);

  afterAll(async () => {
    for (const spy of spies) spy.mockRestore();
    await t?.close();
  });

  it('enrols a signer with a one-time token shown once, and sets the password with it', async () => {
    const enrolment = await post('/v1/personnel/QE-004/signing-enrolment', {}, { ...admin, 'idempotency-key': 'enrol-QE-004' });
    expect(enrolment.status).toBe(201);
    expect(enrolment.body.enrolmentToken).toEqual(expect.any(String));
    expect(Date.parse(enrolment.body.expiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
    enrolmentToken = enrolment.body.enrolmentToken;
    // Shown once: a replay of the same request answers without it.
    const replay = await post('/v1/personnel/QE-004/signing-enrolment', {}, { ...admin, 'idempotency-key': 'enrol-QE-004' });
    expect(replay.status).toBe(201);
    expect(replay.body.enrolmentToken).toBeUndefined();
    expect(replay.body.eventIds).toEqual(enrolment.body.eventIds);

    // Only an admin enrols.
    expect((await post('/v1/personnel/QE-004/signing-enrolment', {}, quality)).status).toBe(403);
    // Too short a password: 400, nothing stored.
    const before = await versionOf('person-QE-004');
    expect((await post('/v1/personnel/QE-004/signing-credential', { enrolmentToken, password: 'short-11chr' }, quality)).status).toBe(400);
    expect((await post('/v1/personnel/QE-004/signing-credential', { enrolmentToken: 'x'.repeat(43), password: PASSWORD }, quality)).body).toMatchObject({
      status: 403,
      type: expect.stringContaining('enrolment-token-rejected'),
    });
    expect(await versionOf('person-QE-004')).toBe(before);

    const set = await post('/v1/personnel/QE-004/signing-credential', { enrolmentToken, password: PASSWORD }, operator);
    expect(set.status).toBe(201);
    expect(set.text).not.toContain(PASSWORD);
    // The token is used up.
    expect((await post('/v1/personnel/QE-004/signing-credential', { enrolmentToken, password: PASSWORD }, quality)).status).toBe(403);
  });

  it('holds forward from a bad material lot over three levels of lots; a held lot is not shipped, split or consumed', async () => {
    await lot('M-77', 'material');
    for (const n of ['A1', 'C1', 'X1']) await lot(n);
    await created('/v1/lots/A1/consumptions', { inputLotNumber: 'M-77', quantity: 10, unit: 'pcs' });
    await created('/v1/lots/A1/splits', { childLotNumber: 'B1', quantity: 40 });
    await created('/v1/lots/C1/consumptions', { inputLotNumber: 'B1', quantity: 5, unit: 'pcs' });
    await created('/v1/lots/C1/shipments', { shipmentId: 'SH-1', customer: 'Globex', quantity: 20, shippedAt: '2026-12-01T10:00:00Z' }, operator);

    const hold = await post('/v1/lots/M-77/holds', { holdId: 'HOLD-1', reason: 'M-77 failed hardness re-test', scope: 'forward' }, quality);
    expect(hold.status).toBe(201);
    expect(hold.body.heldLots).toEqual(['M-77', 'A1', 'B1', 'C1']);
    expect(hold.body.shippedLots).toEqual(['C1']);
    for (const n of ['M-77', 'A1', 'B1', 'C1']) expect(await typesOf(`lot-${n}`)).toContain('LotHeld');
    expect(await typesOf('lot-X1')).not.toContain('LotHeld');

    const versions = await Promise.all(['C1', 'B1', 'M-77'].map((n) => versionOf(`lot-${n}`)));
    const ship = await post('/v1/lots/C1/shipments', { shipmentId: 'SH-2', customer: 'Globex', quantity: 1, shippedAt: '2026-12-02T10:00:00Z' }, operator);
    expect(ship.body).toMatchObject({ status: 422, type: expect.stringContaining('lot-on-hold') });
    expect((await post('/v1/lots/B1/splits', { childLotNumber: 'B1-a', quantity: 1 }, operator)).body).toMatchObject({ status: 422 });
    expect((await post('/v1/lots/X1/consumptions', { inputLotNumber: 'M-77', quantity: 1, unit: 'pcs' }, operator)).body).toMatchObject({ status: 422 });
    expect(await Promise.all(['C1', 'B1', 'M-77'].map((n) => versionOf(`lot-${n}`)))).toEqual(versions);
    // Inspections may still be recorded on a held lot.
    await created('/v1/lots/C1/nonconformances', { ncId: 'NC-1', description: 'made from suspect material', quantityAffected: 5 }, quality);

    // Bad input and another site.
    expect((await post('/v1/lots/M-77/holds', { holdId: 'HOLD-2', reason: 'x', scope: 'everything' }, quality)).status).toBe(400);
    expect((await post('/v1/lots/M-77/holds', { holdId: 'HOLD-1', reason: 'again', scope: 'lot' }, quality)).status).toBe(409);
    expect((await post('/v1/lots/M-77/holds', { holdId: 'HOLD-3', reason: 'x', scope: 'lot' }, otherSite)).status).toBe(404);
    expect((await post('/v1/lots/M-77/holds', { holdId: 'HOLD-3', reason: 'x', scope: 'lot' }, operator)).status).toBe(403);
  });

  it('refuses a wrong password or a signer of another site with 403 signature-rejected, storing nothing on the lot', async () => {
    const lotVersion = await versionOf('lot-M-77');
    const personVersion = await versionOf('person-QE-004');
    const wrong = await post('/v1/lots/M-77/holds/HOLD-1/release', { reason: 'retest passed', signature: signature('not-the-password-0') }, quality);
    expect(wrong.body).toMatchObject({ status: 403, type: expect.stringContaining('signature-rejected') });
    expect(await versionOf('lot-M-77')).toBe(lotVersion);
    // The failed attempt is an event on the person's stream (11.300(d)).
    expect((await typesOf('person-QE-004')).slice(personVersion)).toEqual(['SignatureAttemptFailed']);
    expect((await post('/v1/lots/M-77/holds/HOLD-1/release', { reason: 'retest passed', signature: signature(PASSWORD, 'QE-B1') }, quality)).status).toBe(403);
    expect((await post('/v1/lots/M-77/holds/HOLD-1/release', { reason: 'retest passed', signature: signature(PASSWORD, 'NOBODY') }, quality)).status).toBe(403);
    expect((await post('/v1/lots/M-77/holds/HOLD-1/release', { reason: 'retest passed' }, quality)).status).toBe(400);
    expect((await post('/v1/lots/M-77/holds/HOLD-1/release', { reason: 'retest passed', signature: signature() }, integration)).status).toBe(403);
    expect(await versionOf('lot-M-77')).toBe(lotVersion);
  });

  it('releases the hold with a signature bound to the version and hash the signer saw, on every lot it held', async () => {
    const seen = await versionOf('lot-M-77');
    const released = await post('/v1/lots/M-77/holds/HOLD-1/release', { reason: 'retest passed, LR-118', signature: signature() }, quality);
    expect(released).toMatchObject({ status: 201 });
    const { rows } = await t.db.pool.query(`SELECT data FROM events WHERE stream_id = 'lot-M-77' AND type = 'RecordSigned'`);
    const hashSeen = (await t.db.pool.query(`SELECT hash FROM events WHERE stream_id = 'lot-M-77' AND stream_version = $1`, [seen])).rows[0].hash;
    expect(rows[0].data).toMatchObject({
      personId: 'QE-004',
      printedName: 'Dana Whitfield',
      meaning: 'approved',
      signs: { streamId: 'lot-M-77', streamVersion: seen, hash: hashSeen },
      signedFor: { eventType: 'LotHoldReleased', id: 'HOLD-1' },
    });
    for (const n of ['A1', 'B1', 'C1']) expect(await typesOf(`lot-${n}`)).toContain('LotHoldReleased');
    await created('/v1/lots/C1/shipments', { shipmentId: 'SH-2', customer: 'Globex', quantity: 1, shippedAt: '2026-12-02T10:00:00Z' }, operator);
    expect((await post('/v1/lots/M-77/holds/HOLD-1/release', { reason: 'again', signature: signature() }, quality)).status).toBe(409);
    expect((await post('/v1/lots/M-77/holds/NO-SUCH/release', { reason: 'x', signature: signature() }, quality)).status).toBe(404);
    expect((await call('GET', '/v1/audit/verify', auditor)).body).toMatchObject({ ok: true });
  });

  it('locks the credential after five failed attempts until an admin enrols the person again', async () => {
    await enrolSigner(call, {
      personId: 'QE-009',
      name: 'Sam Okafor',
      siteId: 'SITE-A',
      password: OTHER_PASSWORD,
      registeredWith: integration,
      credentialWith: quality,
    });
    await lot('L-LOCK');
    await created('/v1/lots/L-LOCK/holds', { holdId: 'H-L', reason: 'suspect', scope: 'lot' }, quality);
    const release = (password: string) => post('/v1/lots/L-LOCK/holds/H-L/release', { reason: 'ok', signature: signature(password, 'QE-009') }, quality);
    for (let i = 0; i < 5; i++) expect((await release(`wrong-password-${i}`)).status).toBe(403);
    expect(await typesOf('person-QE-009')).toContain('SigningCredentialLocked');
    expect((await release(OTHER_PASSWORD)).status).toBe(403);
    expect(await typesOf('lot-L-LOCK')).not.toContain('LotHoldReleased');
  });

  it('takes a lot through failed OQC, a covering nonconformance, its disposition and re-inspection to a signed release', async () => {
    await lot('R-1');
    await created('/v1/equipment', { equipmentId: 'CAL-1', kind: 'gauge', description: 'Micrometer 0-25 mm', siteId: 'SITE-A', calibrationIntervalDays: 365 });
    // In calibration at the OQC (the equipment-in-calibration gate).
    await created('/v1/equipment/CAL-1/calibrations', {
      calibrationId: 'C-CAL-1',
      performedAt: '2026-11-01T08:00:00Z',
      asFound: 'in-tolerance',
      asLeft: 'in-tolerance',
      nextDueAt: '2027-11-01T08:00:00Z',
      certificateRef: 'CERT-CAL-1',
      performedBy: 'Metrology Lab A',
    });
    const inspection = (inspectionId: string, value: number, inspectedAt: string) => ({
      inspectionId,
      stage: 'OQC',
      characteristic: { id: 'OD', lsl: 9.9, usl: 10.1, unit: 'mm' },
      measurements: [value],
      gaugeId: 'CAL-1',
      inspectorId: 'QE-004',
      inspectedAt,
    });
    const release = (releaseId: string, password = PASSWORD) =>
      post('/v1/lots/R-1/release', { releaseId, signature: { ...signature(password), meaning: 'released' } }, quality);
    const readiness = () => call('GET', '/v1/lots/R-1/release-readiness', quality);

    expect((await readiness()).body).toMatchObject({
      ready: false,
      gates: expect.arrayContaining([{ gate: 'oqc-recorded', passed: false, details: expect.any(Array) }]),
    });
    await created('/v1/lots/R-1/inspections', inspection('OQC-1', 10.3, '2026-12-03T08:00:00Z'), quality);
    const before = await versionOf('lot-R-1');
    const refused = await release('REL-0');
    expect(refused.body).toMatchObject({ status: 422, type: expect.stringContaining('release-gates-failed'), detail: expect.stringContaining('oqc-passed') });
    expect(await versionOf('lot-R-1')).toBe(before);

    await created('/v1/lots/R-1/nonconformances', { ncId: 'NC-R1', description: 'OD above USL', quantityAffected: 3, inspectionId: 'OQC-1' }, quality);
    expect(
      (await post('/v1/lots/R-1/nonconformances', { ncId: 'NC-R2', description: 'x', quantityAffected: 1, inspectionId: 'NO-SUCH' }, quality)).status,
    ).toBe(422);
    expect((await readiness()).body.gates.find((g: any) => g.gate === 'nonconformances-dispositioned')).toMatchObject({
      passed: false,
      details: ['NC-R1 is not dispositioned'],
    });
    // Under signedDispositions: refuse, an unsigned disposition is refused; the signed one records RecordSigned after it.
    expect((await call('PUT', '/v1/sites/SITE-A/policy', admin, { signedDispositions: 'refuse' })).status).toBe(201);
    expect((await post('/v1/lots/R-1/nonconformances/NC-R1/disposition', { disposition: 'rework', authorizedBy: 'QE-004' }, quality)).body).toMatchObject({
      status: 422,
      type: expect.stringContaining('signature-required'),
    });
    const disposition = { disposition: 'rework', authorizedBy: 'QE-004', signature: { ...signature(), meaning: 'approved' } };
    await created('/v1/lots/R-1/nonconformances/NC-R1/disposition', disposition, quality);
    expect((await typesOf('lot-R-1')).slice(-2)).toEqual(['NonconformanceDispositioned', 'RecordSigned']);
    expect((await call('PUT', '/v1/sites/SITE-A/policy', admin, {})).status).toBe(201);
    await created('/v1/lots/R-1/inspections', inspection('OQC-2', 10.0, '2026-12-03T10:00:00Z'), quality);
    expect((await readiness()).body).toMatchObject({ ready: true });
    expect((await call('GET', '/v1/lots/R-1/release-readiness', otherSite)).status).toBe(404);

    expect((await release('REL-1', 'not-the-password-0')).status).toBe(403);
    const released = await release('REL-1');
    expect(released.status).toBe(201);
    const types = await typesOf('lot-R-1');
    expect(types.slice(-2)).toEqual(['LotReleased', 'RecordSigned']);
    const { rows } = await t.db.pool.query(`SELECT data FROM events WHERE stream_id = 'lot-R-1' AND type = 'LotReleased'`);
    expect(rows[0].data).toMatchObject({
      releaseId: 'REL-1',
      releasedBy: 'QE-004',
      gates: expect.arrayContaining([{ gate: 'oqc-passed', passed: true, details: [] }]),
    });
    expect((await release('REL-1')).status).toBe(409);
    expect((await post('/v1/lots/R-1/release', { releaseId: 'REL-2', signature: signature() }, integration)).status).toBe(403);
    expect((await post('/v1/lots/R-1/release', { releaseId: 'REL-2', signature: { ...signature(), meaning: 'whatever' } }, quality)).status).toBe(400);
    expect((await post('/v1/lots/R-1/release', { releaseId: 'REL-2', signature: signature() }, otherSite)).status).toBe(404);

    // Under releaseBeforeShipment: refuse, an unreleased lot is not shipped; the released one is.
    expect((await call('PUT', '/v1/sites/SITE-A/policy', admin, { releaseBeforeShipment: 'refuse' })).status).toBe(201);
    const unreleased = await versionOf('lot-X1');
    const refusedShipment = await post(
      '/v1/lots/X1/shipments',
      { shipmentId: 'SH-X', customer: 'Globex', quantity: 1, shippedAt: '2026-12-04T10:00:00Z' },
      operator,
    );
    expect(refusedShipment.body).toMatchObject({ status: 422, type: expect.stringContaining('lot-not-released') });
    expect(await versionOf('lot-X1')).toBe(unreleased);
    await created('/v1/lots/R-1/shipments', { shipmentId: 'SH-R', customer: 'Globex', quantity: 5, shippedAt: '2026-12-04T10:00:00Z' }, operator);
    expect((await call('PUT', '/v1/sites/SITE-A/policy', admin, {})).status).toBe(201);
  });

  it('detects a tampered signature event with audit verify', async () => {
    await tamper(t.db.pool, [
      [`UPDATE events SET data = jsonb_set(data, '{signs,streamVersion}', '1') WHERE stream_id = 'lot-M-77' AND type = 'RecordSigned'`],
    ]);
    const verified = await call('GET', '/v1/audit/verify?streamId=lot-M-77', auditor);
    expect(verified.body).toMatchObject({ ok: false, firstBroken: { streamId: 'lot-M-77' } });
  });

  it('keeps the password and the enrolment token in no table and no log line', async () => {
    const secrets = [PASSWORD, OTHER_PASSWORD, enrolmentToken];
    expect(enrolmentToken.length).toBeGreaterThan(20);
    const { rows: tables } = await t.db.pool.query(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    expect(tables.length).toBeGreaterThan(5);
    for (const { table_schema, table_name } of tables) {
      const { rows } = await t.db.pool.query(
        `SELECT count(*)::int AS n FROM "${table_schema}"."${table_name}" r WHERE ${secrets.map((_, i) => `r::text LIKE $${i + 1}`).join(' OR ')}`,
        secrets.map((s) => `%${s}%`),
      );
      expect({ table: `${table_schema}.${table_name}`, n: rows[0].n }).toEqual({ table: `${table_schema}.${table_name}`, n: 0 });
    }
    expect(logged.some((line) => line.includes('request completed') && line.includes('signing-credential'))).toBe(true);
    for (const secret of secrets) expect(logged.filter((line) => line.includes(secret))).toEqual([]);
  });
});
