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

  let quality: Record<string, string>;

  async function post(path: string, body: unknown, headers = writer) {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
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
    quality = (await issueTestKey(t.baseUrl, 'quality', ['*'])).headers;
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
    // The record pages: a gauge found out of tolerance after it measured UI-LOT, an operator with no
    // qualification who worked on it, a controlled document, a prototype build.
    await post('/v1/equipment/G-UI/calibrations', {
      calibrationId: 'CAL-UI-1',
      performedAt: '2026-02-01T00:00:00Z',
      asFound: 'in-tolerance',
      asLeft: 'in-tolerance',
      nextDueAt: '2027-02-01T00:00:00Z',
      certificateRef: 'C-1',
      performedBy: 'Metrology Lab',
    });
    await post('/v1/equipment/G-UI/calibrations', {
      calibrationId: 'CAL-UI-2',
      performedAt: '2026-03-05T00:00:00Z',
      asFound: 'out-of-tolerance',
      asLeft: 'in-tolerance',
      nextDueAt: '2027-03-05T00:00:00Z',
      certificateRef: 'C-2',
      performedBy: 'Metrology Lab',
    });
    await post('/v1/personnel', { personId: 'P-UI', name: 'Dana Turner', siteId: 'SITE-A' });
    await post(
      '/v1/documents',
      {
        documentId: 'DOC-UI',
        revision: 'A',
        revisionId: 'SOP-UI-A',
        title: 'Turning',
        kind: 'sop',
        siteId: 'SITE-A',
        operations: ['TURN'],
        effectiveFrom: '2026-01-01T00:00:00Z',
        requiresTraining: true,
        approvedBy: 'QA-LEAD',
      },
      quality,
    );
    await post('/v1/lots/UI-LOT/steps', {
      stepId: 'OP10',
      operation: 'TURN',
      sequence: 10,
      workCenter: 'LATHE-1',
      equipmentIds: ['G-UI'],
      operatorId: 'P-UI',
      sopRevision: 'SOP-UI-A',
      startedAt: '2026-02-20T08:00:00Z',
      completedAt: '2026-02-20T09:00:00Z',
      quantityIn: 100,
      quantityGood: 100,
      quantityScrapped: 0,
    });
    await post('/v1/prototypes', { buildId: 'PB-UI', partNumber: 'PN-UI', designRevision: 'X1', siteId: 'SITE-A', requestedBy: 'Eng', purpose: 'fit check' });
    await post('/v1/prototypes/PB-UI/inspections', {
      inspectionId: 'PB-UI-INS-1',
      stage: 'FAI',
      characteristic: { id: 'D-OUTER', lsl: 24.9, usl: 25.1, nominal: 25, unit: 'mm' },
      measurements: [25.02, 25.01],
      gaugeId: 'G-UI',
      inspectorId: 'QC-1',
      inspectedAt: '2026-01-15T10:00:00Z',
    });
    await post('/v1/prototypes/PB-UI/completion', { outcome: 'accepted' });
    await waitFor(
      () => api('/v1/personnel/P-UI/impact'),
      (i: { lots?: string[] }) => i.lots?.length === 1,
      { what: 'the people read model' },
    );
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

  const graphIds = () =>
    page.evaluate(() =>
      (window as unknown as { lotstreamGraph: { nodes(): Array<{ id(): string }> } }).lotstreamGraph
        .nodes()
        .map((n) => n.id())
        .sort(),
    );
  const graphReady = () =>
    page.waitForFunction(() => ((window as unknown as { lotstreamGraph?: { nodes(): unknown[] } }).lotstreamGraph?.nodes().length ?? 0) > 0);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const impactIds = (source: string, impact: any) =>
    [source, ...impact.reachedLots.map((n: { lotNumber: string }) => n.lotNumber), ...impact.customers.map((c: string) => `customer:${c}`)].sort();

  it('equipment page: the calibration timeline, and the out-of-tolerance impact graph names what the API names', async () => {
    await page.goto(`${t.baseUrl}/equipment/G-UI`);
    await page.waitForSelector('#calibrations li');
    expect(await page.$$eval('#calibrations li', (items) => items.map((li) => li.textContent ?? ''))).toEqual([
      expect.stringContaining('CAL-UI-1'),
      expect.stringContaining('CAL-UI-2'),
    ]);
    await graphReady();
    const impact = await api('/v1/equipment/G-UI/impact');
    expect(impact.lots).toEqual(['UI-LOT']);
    expect(await graphIds()).toEqual(impactIds('equipment:G-UI', impact));
    expect(await graphIds()).toEqual(['UI-LOT', 'UI-NEXT', 'customer:ACME', 'equipment:G-UI']);
    await page.screenshot({ path: join(SHOTS, 'equipment.png'), fullPage: true });
  });

  it('person page: the step done without a qualification is marked, and its recall scope drawn', async () => {
    await page.goto(`${t.baseUrl}/people/P-UI`);
    await page.waitForSelector('#person-steps tbody tr');
    const row = await page.$eval('#person-steps tbody tr', (tr) => tr.textContent ?? '');
    expect(row).toContain('OP10');
    expect(row).toContain('NO');
    expect(row).toContain('no-qualification-for-operation');
    await graphReady();
    expect(await graphIds()).toEqual(impactIds('person:P-UI', await api('/v1/personnel/P-UI/impact')));
    await page.screenshot({ path: join(SHOTS, 'person.png'), fullPage: true });
  });

  it('document and prototype pages show the revision in force and the build record as the API has them', async () => {
    await page.goto(`${t.baseUrl}/documents/DOC-UI`);
    await page.waitForSelector('#in-force');
    expect(await page.$eval('#in-force', (el) => el.textContent)).toBe((await api('/v1/documents/DOC-UI')).inForce);
    expect(await page.$eval('#revisions tbody', (el) => el.textContent)).toContain('in-force');
    await page.goto(`${t.baseUrl}/prototypes/PB-UI`);
    await page.waitForSelector('#build-status');
    expect(await page.$eval('#build-status', (el) => el.textContent)).toBe('accepted');
    expect(await page.$$eval('#build-inspections tbody tr', (rows) => rows.map((r) => r.textContent ?? ''))).toEqual([expect.stringContaining('PB-UI-INS-1')]);
    await page.screenshot({ path: join(SHOTS, 'prototype.png'), fullPage: true });
  });

  it('chart page: the consistency table lists the API lots, and the stage filter re-asks the API', async () => {
    await page.goto(`${t.baseUrl}/parts/PN-UI/characteristics/D-OUTER`);
    await page.waitForSelector('#consistency tbody tr');
    const consistency = await api('/v1/parts/PN-UI/consistency');
    const shownLots = await page.$$eval('#consistency tbody tr td:first-child', (cells) => cells.map((c) => c.textContent));
    expect(shownLots).toEqual(consistency.lots.map((l: { lotNumber: string }) => l.lotNumber));
    expect(shownLots.length).toBeGreaterThan(0);
    await page.select('#stage', 'OQC');
    await Promise.all([page.waitForFunction(() => location.search === '?stage=OQC'), page.click('#chart-filter button[type=submit]')]);
    // No OQC inspection of this characteristic: the API answers 404 and the page says so.
    await page.waitForSelector('[role=alert]');
    expect(await page.$eval('[role=alert]', (el) => el.textContent)).toContain('Not found');
    await page.select('#stage', 'IPQC');
    await Promise.all([page.waitForFunction(() => location.search === '?stage=IPQC'), page.click('#chart-filter button[type=submit]')]);
    await page.waitForSelector('.chart[data-points]');
    expect(await page.$eval('.chart[data-points]', (el) => Number(el.getAttribute('data-points')))).toBe(8);
  });

  it('a key of another site cannot open the lot: the page says not found', async () => {
    await page.evaluate(() => sessionStorage.clear());
    await signIn(otherSite);
    await page.goto(`${t.baseUrl}/lots/UI-LOT`);
    await page.waitForSelector('[role=alert]');
    expect(await page.$eval('[role=alert]', (el) => el.textContent)).toContain('Not found');
  });
});
