/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { issueTestKey, startTestApp, type TestApp, waitFor } from '@lotstream/testing';

// The dashboard in a real headless Chromium (Debian's package) against the real service on a real
// database. Without chromium the suite is skipped with a message, except in CI where that fails.
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') throw new Error(`dashboard browser test: ${CHROMIUM} is missing (CI installs it in .ci/run)`);
if (!haveChromium) console.warn(`[dashboard e2e] skipped: ${CHROMIUM} not installed (apt-get install chromium)`);
const SHOTS = join(__dirname, '..', 'apps', 'dashboard', 'screenshots');

(haveChromium ? describe : describe.skip)('dashboard in a headless browser (e2e)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let writer: Record<string, string>;
  let reader: string;
  let otherSite: string;

  async function post(path: string, body: unknown) {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...writer, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`POST ${path} → ${response.status} ${await response.text()}`);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const api = async (path: string, key = reader): Promise<any> => (await fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } })).json();

  async function signIn(key: string) {
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.type('#api-key', key);
    await Promise.all([page.waitForFunction(() => location.pathname === '/'), page.click('#sign-in')]);
  }

  beforeAll(async () => {
    execFileSync(process.execPath, [join(__dirname, '..', 'apps', 'dashboard', 'build.js'), '--if-stale'], { stdio: 'inherit' });
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    writer = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    reader = (await issueTestKey(t.baseUrl, 'quality', ['SITE-A'])).apiKey;
    otherSite = (await issueTestKey(t.baseUrl, 'quality', ['SITE-B'])).apiKey;
    const lot = (lotNumber: string, extra: Record<string, unknown> = {}) =>
      post('/v1/lots', { lotNumber, partNumber: 'PN-UI', partRevision: 'A', quantity: 100, unit: 'pcs', siteId: 'SITE-A', ...extra });
    await lot('UI-BAR', { kind: 'material', partNumber: 'RAW-1' });
    await lot('UI-LOT');
    await lot('UI-NEXT');
    await post('/v1/lots/UI-LOT/consumptions', { inputLotNumber: 'UI-BAR', quantity: 10, unit: 'pcs' });
    await post('/v1/lots/UI-NEXT/consumptions', { inputLotNumber: 'UI-LOT', quantity: 5, unit: 'pcs' });
    await post('/v1/lots/UI-NEXT/shipments', { shipmentId: 'SH-UI-1', customer: 'ACME', quantity: 5, shippedAt: '2026-03-02T10:00:00Z' });
    await post('/v1/equipment', { equipmentId: 'G-UI', kind: 'gauge', description: 'caliper', siteId: 'SITE-A', calibrationIntervalDays: 365 });
    for (let i = 0; i < 8; i++) {
      await post('/v1/lots/UI-LOT/inspections', {
        inspectionId: `UI-INS-${i}`,
        stage: 'IPQC',
        characteristic: { id: 'D-OUTER', lsl: 24.9, usl: 25.1, nominal: 25, unit: 'mm' },
        measurements: [25 + (i % 3) * 0.01, 25.01, 24.99 - (i % 2) * 0.01],
        gaugeId: 'G-UI',
        inspectorId: 'QC-1',
        inspectedAt: `2026-03-01T0${i}:00:00Z`,
      });
    }
    await waitFor(
      () => api('/v1/lots/UI-NEXT/genealogy?direction=backward'),
      (g: { nodes?: unknown[] }) => g.nodes?.length === 3,
      { what: 'the genealogy read model' },
    );
    await waitFor(
      () => api('/v1/parts/PN-UI/characteristics/D-OUTER/capability'),
      (c: { subgroups?: number }) => c.subgroups === 8,
      { what: 'the capability read model' },
    );
    browser = await (
      await import('puppeteer-core')
    ).launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') console.warn(`[browser] ${m.text()}`);
    });
    await page.setViewport({ width: 1280, height: 800 });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves the UI with its security headers and leaves the API as it was', async () => {
    const response = await fetch(`${t.baseUrl}/lots/UI-LOT`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${t.baseUrl}/v1/lots/UI-LOT`)).status).toBe(401);
    expect((await fetch(`${t.baseUrl}/v1/nothing-here`)).status).toBe(404);
  });

  it('signs in, opens a lot from the search box and shows the API genealogy in the graph', async () => {
    await page.goto(`${t.baseUrl}/lots/UI-LOT`);
    await page.waitForFunction(() => location.pathname === '/sign-in');
    await signIn(reader);
    await page.type('#lot-search', 'UI-LOT');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => ((window as unknown as { lotstreamGraph?: { nodes(): unknown[] } }).lotstreamGraph?.nodes().length ?? 0) > 0);
    const shown = await page.evaluate(() =>
      (window as unknown as { lotstreamGraph: { nodes(): Array<{ id(): string }> } }).lotstreamGraph
        .nodes()
        .map((n) => n.id())
        .sort(),
    );
    const backward = await api('/v1/lots/UI-LOT/genealogy?direction=backward');
    const forward = await api('/v1/lots/UI-LOT/genealogy?direction=forward');
    const expected = [
      ...new Set([...backward.nodes, ...forward.nodes].map((n: { lotNumber: string }) => n.lotNumber)),
      ...forward.customers.map((c: string) => `customer:${c}`),
    ].sort();
    expect(shown).toEqual(expected);
    expect(shown).toEqual(['UI-BAR', 'UI-LOT', 'UI-NEXT', 'customer:ACME']);
    await page.screenshot({ path: join(SHOTS, 'lot.png'), fullPage: true });
  });

  it('draws one control-chart point per subgroup', async () => {
    await page.goto(`${t.baseUrl}/parts/PN-UI/characteristics/D-OUTER`);
    await page.waitForSelector('.chart[data-points]');
    const points = await page.$eval('.chart[data-points]', (el) => Number(el.getAttribute('data-points')));
    expect(points).toBe(8);
    await page.click('button[aria-pressed]');
    expect(await page.$$eval('#points-table tbody tr', (rows) => rows.length)).toBe(8);
    await page.screenshot({ path: join(SHOTS, 'chart.png'), fullPage: true });
  });

  it('a key of another site cannot open the lot: the page says not found', async () => {
    await page.evaluate(() => sessionStorage.clear());
    await signIn(otherSite);
    await page.goto(`${t.baseUrl}/lots/UI-LOT`);
    await page.waitForSelector('[role=alert]');
    expect(await page.$eval('[role=alert]', (el) => el.textContent)).toContain('Not found');
  });
});
