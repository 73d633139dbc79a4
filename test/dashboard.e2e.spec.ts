/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { issueTestKey, startTestApp, TEST_ADMIN_KEY, type TestApp, waitFor } from '@lotstream/testing';
import { tamper } from './audit-fixtures';

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
  let auditor: string;

  let quality: Record<string, string>;

  async function post(path: string, body: unknown, headers = writer) {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`POST ${path} → ${response.status} ${await response.text()}`);
    return (await response.json()) as { eventIds?: string[] };
  }
  const lot = (lotNumber: string, extra: Record<string, unknown> = {}) =>
    post('/v1/lots', { lotNumber, partNumber: 'PN-UI', partRevision: 'A', quantity: 100, unit: 'pcs', siteId: 'SITE-A', ...extra });
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
    auditor = (await issueTestKey(t.baseUrl, 'auditor', ['*'])).apiKey;
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
    // A crafted control-chart data set: 25 subgroups of 3 (range 0.02 each: σ within ≈ 0.0118, σ of a
    // mean ≈ 0.0068) whose means wander by the z-scores below, none beyond 1.3 σ and no runs, trends or
    // alternation long enough for a rule — except the 21st, 0.05 (≈ 7 σ) above: rule 1 there.
    const z = [0.3, -0.8, 1.1, -0.2, 0.5, -1.2, 0.9, 0.1, -0.5, 0.7, -0.9, 0.2, 1.3, -0.4, -1.0, 0.6, 0.0, -0.7, 0.8, -0.3, 0, 0.4, -0.6, 1.0, -0.1];
    await lot('UI-SPC', { partNumber: 'PN-SPC' });
    await post('/v1/equipment', { equipmentId: 'G-SPC', kind: 'gauge', description: 'micrometer', siteId: 'SITE-A', calibrationIntervalDays: 365 });
    for (let i = 0; i < 25; i++) {
      const base = 10 + (i === 20 ? 0.05 : z[i] * 0.0068);
      await post('/v1/lots/UI-SPC/inspections', {
        inspectionId: `UI-SPC-${i}`,
        stage: 'IPQC',
        characteristic: { id: 'LEN', lsl: 9.8, usl: 10.4, nominal: 10.1, unit: 'mm' },
        measurements: [base - 0.01, base, base + 0.01],
        gaugeId: 'G-SPC',
        inspectorId: 'QC-1',
        inspectedAt: `2026-02-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
      });
    }
    await waitFor(
      () => api('/v1/parts/PN-SPC/characteristics/LEN/capability'),
      (c: { subgroups?: number }) => c.subgroups === 25,
      { what: 'the crafted capability' },
    );
    await post('/v1/suppliers', { supplierId: 'SUP-UI', name: 'Acme Bar Stock', siteIds: ['SITE-A'] }, quality);
    await post(
      '/v1/suppliers/SUP-UI/approvals',
      { approvalId: 'APR-UI', partNumbers: ['RAW-1'], validFrom: '2026-01-01T00:00:00Z', basis: 'audit', approvedBy: 'QE-004' },
      quality,
    );
    await post('/v1/suppliers/SUP-UI/sampling-plans', { partNumber: 'RAW-1', inspectionLevel: 'II', aql: 1.0 }, quality);
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

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const chartOption = (name: string): Promise<any> =>
    page.evaluate((n) => {
      const chart = (window as unknown as { lotstreamCharts?: Record<string, { getOption(): unknown }> }).lotstreamCharts?.[n];
      return chart ? JSON.parse(JSON.stringify(chart.getOption())) : null;
    }, name);

  it('marks on the control chart exactly the subgroups the API says violate a run rule, and draws the dispersion chart', async () => {
    await page.goto(`${t.baseUrl}/parts/PN-SPC/characteristics/LEN`);
    await page.waitForSelector('.chart[data-points]');
    await page.waitForFunction(() => Object.keys((window as unknown as { lotstreamCharts?: object }).lotstreamCharts ?? {}).length === 3);
    const capability = await api('/v1/parts/PN-SPC/characteristics/LEN/capability');
    const flagged = [...new Set<number>(capability.violations.map((v: { index: number }) => v.index))].sort((x, y) => x - y);
    // The crafted set violates one rule family (beyond 3 σ: Western Electric 1 = Nelson 1) at one point.
    expect(flagged).toEqual([20]);
    const control = await chartOption('control');
    const marked = control.series[0].data.map((d: { symbolSize: number }, i: number) => (d.symbolSize === 10 ? i : -1)).filter((i: number) => i >= 0);
    expect(marked).toEqual(flagged);
    const dispersion = await chartOption('dispersion');
    expect(dispersion.series[0].data).toHaveLength(25);
    expect(dispersion.series[0].data).toEqual(capability.points.map((p: { range: number }) => p.range));
    // The rule is named in the table toggle (the chart's text alternative) on the flagged row.
    await page.click('button[aria-pressed]');
    const row = await page.$eval('#points-table tbody tr:nth-child(21)', (tr) => tr.textContent ?? '');
    expect(row).toContain(capability.violations.find((v: { index: number }) => v.index === 20).rule);
  });

  it("puts the histogram's spec lines at the API's limits, inside the drawn axis", async () => {
    const capability = await api('/v1/parts/PN-SPC/characteristics/LEN/capability');
    const histogram = await chartOption('histogram');
    const lines = Object.fromEntries(histogram.series[0].markLine.data.map((l: { name: string; xAxis: number }) => [l.name, l.xAxis]));
    expect(lines.LSL).toBe(capability.lsl);
    expect(lines.USL).toBe(capability.usl);
    expect(lines.target).toBe(capability.target);
    const pixels = await page.evaluate(
      (lsl, usl) => {
        const chart = (window as unknown as { lotstreamCharts: Record<string, { convertToPixel(f: object, v: number): number; getWidth(): number }> })
          .lotstreamCharts.histogram;
        return { lsl: chart.convertToPixel({ xAxisIndex: 0 }, lsl), usl: chart.convertToPixel({ xAxisIndex: 0 }, usl), width: chart.getWidth() };
      },
      capability.lsl,
      capability.usl,
    );
    expect(pixels.lsl).toBeGreaterThan(0);
    expect(pixels.usl).toBeGreaterThan(pixels.lsl);
    expect(pixels.usl).toBeLessThan(pixels.width);
    await page.screenshot({ path: join(SHOTS, 'chart-violation.png'), fullPage: true });
  });

  it('supplier page: approvals with their status now and the sampling severity per part, as the API has them', async () => {
    await page.goto(`${t.baseUrl}/suppliers/SUP-UI`);
    await page.waitForSelector('#sampling-plans tbody tr');
    const supplier = await api('/v1/suppliers/SUP-UI');
    const approvals = await page.$$eval('#approvals tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
    expect(approvals).toEqual([expect.stringContaining(supplier.approvals[0].status)]);
    expect(approvals[0]).toContain('APR-UI');
    const plans = await page.$$eval('#sampling-plans tbody tr td', (cells) => cells.map((c) => c.textContent));
    expect(plans).toEqual(['RAW-1', 'II', '1', supplier.samplingPlans[0].severity, String(supplier.samplingPlans[0].switchingScore)]);
  });

  // A lot's record after a signed correction and a signed void: the page shows what the API's
  // history says, the originals struck through beside the corrected values, reason and signer.
  describe('lot page after a correction and a void', () => {
    const PASSWORD = 'Struck-Through-Not-Erased-7781';
    const signature = { personId: 'QE-UI', password: PASSWORD, meaning: 'approved' };
    const wrong = [25.4, 25.01, 24.99];
    const right = [25.04, 25.01, 24.99];
    const eventIds: Record<string, string> = {};

    beforeAll(async () => {
      const admin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
      await post('/v1/personnel', { personId: 'QE-UI', name: 'Robin Castellanos', siteId: 'SITE-A' });
      const enrolment = (await post('/v1/personnel/QE-UI/signing-enrolment', {}, admin)) as { enrolmentToken?: string };
      await post('/v1/personnel/QE-UI/signing-credential', { enrolmentToken: enrolment.enrolmentToken, password: PASSWORD });
      await lot('UI-COR', { partNumber: 'PN-COR-UI' });
      const inspect = async (inspectionId: string, measurements: number[], hour: number) => {
        const answer = await post('/v1/lots/UI-COR/inspections', {
          inspectionId,
          stage: 'OQC',
          characteristic: { id: 'D-OUTER', lsl: 24.9, usl: 25.1, nominal: 25, unit: 'mm' },
          measurements,
          gaugeId: 'G-UI',
          inspectorId: 'QC-1',
          inspectedAt: `2026-03-03T0${hour}:00:00Z`,
        });
        eventIds[inspectionId] = answer.eventIds![0];
      };
      // The first subgroup was transcribed wrongly (25.4 for 25.04); the second was measured on the wrong lot.
      await inspect('UI-COR-1', wrong, 8);
      await inspect('UI-COR-2', [25.02, 25.0, 25.01], 9);
      const reason = 'Transcribed from the wrong sheet; gauge print-out GP-204';
      const correction = { correctionId: 'COR-UI-1', eventId: eventIds['UI-COR-1'], reason, corrected: { measurements: right }, signature };
      await post('/v1/lots/UI-COR/corrections', correction, quality);
      const voiding = { voidId: 'VOID-UI-1', eventId: eventIds['UI-COR-2'], reason: 'Measured on the wrong lot', signature };
      await post('/v1/lots/UI-COR/voids', voiding, quality);
      await post('/v1/lots/UI-COR/holds', { holdId: 'HOLD-UI', reason: 'Awaiting re-inspection of D-OUTER', scope: 'lot' }, quality);
      await waitFor(
        () => api('/v1/lots/UI-COR'),
        (summary: { release?: { onHold?: boolean } }) => summary.release?.onHold === true,
        { what: 'the hold in the lot summary' },
      );
      await waitFor(
        () => api('/v1/lots/UI-COR/history'),
        (h: { events?: Array<{ voidedBy?: { signature?: unknown }; correctedBy?: Array<{ signature?: unknown }> }> }) =>
          (h.events ?? []).some((e) => e.voidedBy?.signature) && (h.events ?? []).some((e) => e.correctedBy?.[0]?.signature),
        { what: 'the correction and the void, signed, in the history' },
      );
    });

    const entry = (eventId: string) => `.timeline li[data-event="${eventId}"]`;
    const text = (selector: string) => page.$eval(selector, (el) => (el.textContent ?? '').trim());
    const struck = (selector: string) => page.$eval(selector, (el) => getComputedStyle(el).textDecorationLine.includes('line-through'));

    it('shows the original struck through beside the corrected values, with the reason and the signer, as the history has them', async () => {
      await signIn(reader);
      await page.goto(`${t.baseUrl}/lots/UI-COR`);
      await page.waitForSelector('.timeline [data-voided]');
      const history = await api('/v1/lots/UI-COR/history');
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const corrected = history.events.find((e: any) => e.eventId === eventIds['UI-COR-1']);
      const [note] = corrected.correctedBy;
      expect(corrected.data.measurements).toEqual(wrong);
      expect(corrected.current.measurements).toEqual(right);
      expect(note).toMatchObject({ id: 'COR-UI-1', previous: { verdict: 'fail' }, corrected: { verdict: 'pass' } });

      const at = entry(corrected.eventId);
      expect(await page.$eval(`${at} [data-corrected]`, (el) => el.getAttribute('data-corrected'))).toBe('COR-UI-1');
      // The entry as recorded, struck through, and as it stands now.
      expect(await text(`${at} s.struck .measurements`)).toBe(`${corrected.data.measurements.join(' ')} mm`);
      expect(await struck(`${at} s.struck`)).toBe(true);
      expect(await text(`${at} .corrected .measurements`)).toBe(`${corrected.current.measurements.join(' ')} mm`);
      expect(await text(`${at} .corrected .ok`)).toBe(corrected.current.verdict);
      // Each changed field: the value before struck through, the value after.
      const change = `${at} .correction-note[data-correction="COR-UI-1"]`;
      expect(await text(`${change} [data-field="measurements"] del`)).toBe(note.previous.measurements.join(' '));
      expect(await text(`${change} [data-field="measurements"] ins`)).toBe(note.corrected.measurements.join(' '));
      expect(await text(`${change} [data-field="verdict"] del`)).toBe(note.previous.verdict);
      expect(await text(`${change} [data-field="verdict"] ins`)).toBe(note.corrected.verdict);
      expect(await struck(`${change} [data-field="measurements"] del`)).toBe(true);
      expect(await struck(`${change} [data-field="measurements"] ins`)).toBe(false);
      expect(await text(`${change} .reason`)).toBe(note.reason);
      expect(await text(`${change} .signature strong`)).toBe(note.signature.printedName);
      expect(note.signature.printedName).toBe('Robin Castellanos');

      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const voided = history.events.find((e: any) => e.eventId === eventIds['UI-COR-2']);
      const v = entry(voided.eventId);
      expect(await page.$eval(`${v} [data-voided]`, (el) => el.getAttribute('data-voided'))).toBe(voided.voidedBy.id);
      expect(await text(`${v} s.struck .measurements`)).toBe(`${voided.data.measurements.join(' ')} mm`);
      expect(await struck(`${v} s.struck`)).toBe(true);
      expect(await text(`${v} .void-note .reason`)).toBe(voided.voidedBy.reason);
      expect(await text(`${v} .signature strong`)).toBe(voided.voidedBy.signature.printedName);

      // Exactly the entries the API marks corrected or voided are marked on the page.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const marked = (key: string) => history.events.filter((e: any) => e[key]).map((e: any) => e.eventId);
      const shown = (attribute: string) => page.$$eval(`.timeline li:has([${attribute}])`, (items) => items.map((li) => li.getAttribute('data-event')));
      expect(await shown('data-corrected')).toEqual(marked('correctedBy'));
      expect(await shown('data-voided')).toEqual(marked('voidedBy'));
      expect(await page.$$eval('.timeline li', (items) => items.length)).toBe(history.events.length);

      // The summary's release line and the holds in force, as the lot summary answer has them.
      const summary = await api('/v1/lots/UI-COR');
      expect(summary.release).toMatchObject({
        status: 'none',
        onHold: true,
        activeHolds: [{ holdId: 'HOLD-UI', reason: 'Awaiting re-inspection of D-OUTER' }],
      });
      expect(await page.$eval('#lot-release', (el) => el.getAttribute('data-status'))).toBe(summary.release.status);
      expect(await text('#lot-release')).toBe('not released');
      expect(await text('#lot-holds')).toBe(`${summary.release.activeHolds[0].holdId} (${summary.release.activeHolds[0].reason})`);
      await page.screenshot({ path: join(SHOTS, 'lot-corrections.png'), fullPage: true });
    });
  });

  it('a key of another site cannot open the lot: the page says not found', async () => {
    await page.evaluate(() => sessionStorage.clear());
    await signIn(otherSite);
    await page.goto(`${t.baseUrl}/lots/UI-LOT`);
    await page.waitForSelector('[role=alert]');
    expect(await page.$eval('[role=alert]', (el) => el.textContent)).toContain('Not found');
  });

  // Last: it tampers with the store.
  it('audit page: exports the log, shows a stream as of a moment, and reports the broken chain after tampering', async () => {
    await page.evaluate(() => sessionStorage.clear());
    await signIn(auditor);
    await page.goto(`${t.baseUrl}/audit`);
    await page.click('#verify');
    await page.waitForSelector('#verify-result');
    expect(await page.$eval('#verify-result', (el) => el.textContent)).toContain('Chain intact');

    await page.click('#export');
    await page.waitForSelector('#export-lines');
    const log = await api('/v1/audit/events?limit=1000', auditor);
    expect(log.events.length).toBeLessThan(1000);
    expect(Number(await page.$eval('#export-lines', (el) => el.textContent))).toBe(log.events.length);

    const now = await api('/v1/audit/streams/lot-UI-LOT', auditor);
    const moment = now.events[3].recordedAt;
    const then = await api(`/v1/audit/streams/lot-UI-LOT?asOf=${encodeURIComponent(moment)}`, auditor);
    expect(then.events.length).toBeLessThan(now.events.length);
    await page.type('#stream-id', 'lot-UI-LOT');
    await page.type('#as-of-moment', moment);
    await page.click('#as-of button[type=submit]');
    await page.waitForSelector('#as-of-events');
    expect(await page.$$eval('#as-of-events li', (items) => items.length)).toBe(then.events.length);
    expect(await page.$eval('#as-of-summary', (el) => el.textContent)).toContain(`version ${then.streamVersion} of ${now.currentVersion}`);
    await page.screenshot({ path: join(SHOTS, 'audit.png'), fullPage: true });

    await tamper(t.db.pool, [[`UPDATE events SET data = jsonb_set(data, '{quantity}', '1') WHERE stream_id = 'lot-UI-LOT' AND stream_version = 1`]]);
    await page.click('#verify');
    await page.waitForFunction(() => document.querySelector('#verify-result')?.textContent?.includes('broken'));
    expect(await page.$eval('#verify-result', (el) => el.textContent)).toContain('Chain broken at lot-UI-LOT v1');
  });
});
