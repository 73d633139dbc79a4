import { issueTestKey, startTestApp, TEST_ADMIN_KEY, type TestApp } from '@lotstream/testing';
import { httpCaller } from './signer';

// The signing-enrolment token expires 24 h after enrolment (issue 17, "People who sign"). The app's
// clock is the one the test controls (moved forward only), so the day passes without waiting.
describe('signing-enrolment token expiry (e2e)', () => {
  let t: TestApp;
  let ahead = 0;
  const HOUR = 3_600_000;
  const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
  const PASSWORD = 'Expired-Tokens-Stay-Out-4410';

  const call = httpCaller(() => t.baseUrl);
  const events = async (): Promise<string[]> =>
    (await t.db.pool.query(`SELECT type FROM events WHERE stream_id = 'person-QE-088' ORDER BY stream_version`)).rows.map((r) => r.type);
  const enrol = async () => {
    const answer = await call('POST', '/v1/personnel/QE-088/signing-enrolment', admin, {});
    expect(answer.status).toBe(201);
    return answer.body as { enrolmentToken: string; expiresAt: string };
  };
  const setCredential = (enrolmentToken: string) => call('POST', '/v1/personnel/QE-088/signing-credential', {}, { enrolmentToken, password: PASSWORD });

  beforeAll(async () => {
    t = await startTestApp({ clock: () => new Date(Date.now() + ahead) });
    const integration = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    expect((await call('POST', '/v1/personnel', integration, { personId: 'QE-088', name: 'Kim Barros', siteId: 'SITE-A' })).status).toBe(201);
  }, 120_000);

  afterAll(async () => t?.close());

  it('refuses a token presented 24 h after enrolment (403, nothing stored) and accepts a new one within its day', async () => {
    const first = await enrol();
    const enrolledAt = Date.now() + ahead;
    expect(Math.abs(Date.parse(first.expiresAt) - enrolledAt - 24 * HOUR)).toBeLessThan(60_000);

    ahead += 24 * HOUR + 60_000;
    const before = await events();
    const expired = await setCredential(first.enrolmentToken);
    expect(expired.status).toBe(403);
    expect(expired.body.type).toContain('enrolment-token-rejected');
    expect(await events()).toEqual(before);

    // A re-enrolment opens a new day; its token works an hour before it runs out.
    const second = await enrol();
    ahead += 23 * HOUR;
    expect((await setCredential(second.enrolmentToken)).status).toBe(201);
    expect((await events()).slice(-1)).toEqual(['SigningCredentialSet']);
    // Used up: the same token a second time is refused like an expired one.
    expect((await setCredential(second.enrolmentToken)).status).toBe(403);
  }, 60_000);
});
