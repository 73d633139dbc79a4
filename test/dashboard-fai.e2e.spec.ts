/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { issueTestKey, startTestApp, type TestApp, waitFor } from '@lotstream/testing';

// The dashboard's first-article and gauge-study pages in a real headless Chromium (Debian's
// package) against the real service on a real database: a promoted prototype build, the first
// production lot FAI-inspected on part of the plan, a gauge with an R&R study. The pages show what
// the API answers; the printable PDF is fetched with the key in a header and handed over as a file.
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') throw new Error(`dashboard browser test: ${CHROMIUM} is missing (CI installs it in .ci/run)`);
if (!haveChromium) console.warn(`[dashboard-fai e2e] skipped: ${CHROMIUM} not installed (apt-get install chromium)`);
const SHOTS = join(__dirname, '..', 'apps', 'dashboard', 'screenshots');

(haveChromium ? describe : describe.skip)('dashboard first-article and gauge-study pages in a headless browser (e2e)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let writer: Record<string, string>;
  let reader: string;
  let otherSite: string;

  const SITE = 'UIFA-SITE';
  const D1 = { id: 'UIFA-D1', nominal: 10, lsl: 9.95, usl: 10.05, unit: 'mm' };
  const D2 = { id: 'UIFA-D2', nominal: 25, lsl: 24.9, usl: 25.1, unit: 'mm' };
  const CERTIFICATES = ['FW-COC-2026-0412', 'EN10204-3.1/FW-88123'];
  let receivingPlan: { sampleSize: number; codeLetter: string; acceptNumber: number; rejectNumber: number; severity: string };

  async function post(path: string, body: unknown) {
    const response = await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...writer, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`POST ${path} → ${response.status} ${await response.text()}`);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const api = async (path: string): Promise<any> => (await fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${reader}` } })).json();
  const texts = (selector: string) => page.$$eval(selector, (cells) => cells.map((c) => (c.textContent ?? '').trim()));

  async function signIn(key: string) {
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.type('#api-key', key);
    await Promise.all([page.waitForFunction(() => location.pathname === '/'), page.click('#sign-in')]);
  }

  const step = (stepId: string, operation: string, machine: string, operatorId: string, sopRevision: string) => ({
    stepId,
    operation,
    sequence: 10,
    workCenter: 'WC-1',
    equipmentIds: [machine],
    operatorId,
    sopRevision,
    startedAt: '2026-03-02T08:00:00Z',
    completedAt: '2026-03-02T09:00:00Z',
    quantityIn: 5,
    quantityGood: 5,
    quantityScrapped: 0,
  });
  const inspection = (inspectionId: string, characteristic: typeof D1, measurements: number[], inspectedAt: string) => ({
    inspectionId,
    stage: 'FAI',
    characteristic,
    measurements,
    gaugeId: 'UIFA-G1',
    inspectorId: 'QE-1',
    inspectedAt,
  });

  beforeAll(async () => {
    execFileSync(process.execPath, [join(__dirname, '..', 'apps', 'dashboard', 'build.js'), '--if-stale'], { stdio: 'inherit' });
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp();
    writer = (await issueTestKey(t.baseUrl, 'integration', ['*'])).headers;
    reader = (await issueTestKey(t.baseUrl, 'quality', [SITE])).apiKey;
    otherSite = (await issueTestKey(t.baseUrl, 'quality', ['UIFA-OTHER'])).apiKey;

    await post('/v1/equipment', { equipmentId: 'UIFA-G1', kind: 'gauge', description: 'Micrometer', siteId: SITE, calibrationIntervalDays: 365 });
    await post('/v1/equipment/UIFA-G1/calibrations', {
      calibrationId: 'UIFA-CAL-1',
      performedAt: '2026-01-05T08:00:00Z',
      asFound: 'in-tolerance',
      asLeft: 'in-tolerance',
      nextDueAt: '2027-01-05T08:00:00Z',
      certificateRef: 'CERT-1',
      performedBy: 'MET-1',
    });
    await post('/v1/equipment/UIFA-G1/msa-studies', {
      studyId: 'UIFA-MSA-1',
      partNumber: 'UIFA-SHAFT',
      characteristic: { id: D1.id, unit: 'mm', lsl: D1.lsl, usl: D1.usl },
      method: 'crossed',
      performedAt: '2026-01-20T10:00:00Z',
      measurements: Array.from({ length: 10 }, (_, p) =>
        ['QC-1', 'QC-2'].flatMap((appraiser, a) =>
          [1, 2, 3].map((trial) => ({
            part: `S${p + 1}`,
            appraiser,
            trial,
            value: 9.95 + p * 0.01 + a * 0.0002 + [0.0003, -0.0001, 0.0][trial - 1] * (p % 2 ? 1 : -1),
          })),
        ),
      ).flat(),
    });
    await post('/v1/equipment', { equipmentId: 'UIFA-M1', kind: 'machine', description: 'Lathe', siteId: SITE, calibrationIntervalDays: 365 });
    await post('/v1/equipment', { equipmentId: 'UIFA-F1', kind: 'machine', description: 'Furnace', siteId: SITE, calibrationIntervalDays: 365 });

    await post('/v1/prototypes', {
      buildId: 'UIFA-P1',
      partNumber: 'UIFA-SHAFT',
      designRevision: 'P1',
      siteId: SITE,
      requestedBy: 'ENG-1',
      purpose: 'first build',
    });
    await post('/v1/prototypes/UIFA-P1/steps', step('PS-HT', 'heat-treat', 'UIFA-F1', 'OP-HT', 'SOP-HT-A'));
    await post('/v1/prototypes/UIFA-P1/inspections', inspection('UIFA-PI-1', D1, [10.01, 10.03, 9.98], '2026-02-01T10:00:00Z'));
    await post('/v1/prototypes/UIFA-P1/inspections', inspection('UIFA-PI-2', D2, [25.02], '2026-02-01T10:00:00Z'));
    await post('/v1/prototypes/UIFA-P1/completion', { outcome: 'accepted' });
    await post('/v1/prototypes/UIFA-P1/promotion', { partRevision: 'B', routingRevision: 'R1', specialProcesses: ['heat-treat'] });

    await post('/v1/lots', {
      lotNumber: 'UIFA-BAR',
      partNumber: 'STEEL-42',
      partRevision: '-',
      quantity: 100,
      unit: 'kg',
      siteId: SITE,
      kind: 'material',
      supplier: 'Acme Steel',
      supplierLotNumber: 'H-778',
    });
    // A second material from a registered supplier approved for the part, received with its
    // certificates and accepted at incoming inspection by the supplier's ISO 2859-1 plan.
    await post('/v1/suppliers', { supplierId: 'UIFA-SUP', name: 'Forge Works', siteIds: [SITE] });
    await post('/v1/suppliers/UIFA-SUP/approvals', {
      approvalId: 'UIFA-APR-1',
      partNumbers: ['UIFA-FORGING'],
      validFrom: '2026-01-01T00:00:00Z',
      basis: 'audit',
      approvedBy: 'QE-1',
    });
    await post('/v1/suppliers/UIFA-SUP/sampling-plans', { partNumber: 'UIFA-FORGING', inspectionLevel: 'II', aql: 1.0 });
    await post('/v1/lots', {
      lotNumber: 'UIFA-FORGE',
      partNumber: 'UIFA-FORGING',
      partRevision: 'A',
      quantity: 500,
      unit: 'pcs',
      siteId: SITE,
      kind: 'material',
      supplierId: 'UIFA-SUP',
      supplierLotNumber: 'FW-88123',
      receivedAt: '2026-02-20T07:00:00Z',
      certificateRefs: CERTIFICATES,
    });
    receivingPlan = await api('/v1/suppliers/UIFA-SUP/sampling?partNumber=UIFA-FORGING&lotSize=500');
    await post('/v1/lots/UIFA-FORGE/receiving-inspections', {
      inspectionId: 'UIFA-IQC-1',
      sampleSize: receivingPlan.sampleSize,
      nonconforming: 0,
      inspectedAt: '2026-02-20T09:00:00Z',
      inspectorId: 'IQC-1',
    });
    await post('/v1/lots', { lotNumber: 'UIFA-L1', partNumber: 'UIFA-SHAFT', partRevision: 'B', quantity: 5, unit: 'pcs', siteId: SITE });
    await post('/v1/lots/UIFA-L1/consumptions', { inputLotNumber: 'UIFA-BAR', quantity: 5, unit: 'kg' });
    await post('/v1/lots/UIFA-L1/consumptions', { inputLotNumber: 'UIFA-FORGE', quantity: 5, unit: 'pcs' });
    await post('/v1/lots/UIFA-L1/steps', step('OP10', 'turning', 'UIFA-M1', 'OP-1', 'SOP-T-A'));
    await post('/v1/lots/UIFA-L1/steps', { ...step('OP20', 'heat-treat', 'UIFA-F1', 'OP-HT', 'SOP-HT-B'), sequence: 20 });
    await post('/v1/lots/UIFA-L1/inspections', inspection('UIFA-FI-1', D1, [10.02, 10.0], '2026-03-03T10:00:00Z'));
    await waitFor(
      () => fetch(`${t.baseUrl}/v1/equipment/UIFA-G1`, { headers: { authorization: `Bearer ${reader}` } }).then((r) => r.json()),
      (e: { measurementSystem?: unknown[] }) => (e.measurementSystem?.length ?? 0) === 1,
      { what: 'the study on the equipment read model' },
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
    await signIn(reader);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves the two new page routes with the UI security headers', async () => {
    for (const path of ['/lots/UIFA-L1/first-article', '/equipment/UIFA-G1/msa-studies/UIFA-MSA-1']) {
      const response = await fetch(`${t.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('first-article page: the three forms, the due state and the prototype result beside each row, as the API answers them', async () => {
    await page.goto(`${t.baseUrl}/lots/UIFA-L1`);
    await page.waitForSelector('a[href="/lots/UIFA-L1/first-article"]');
    await page.click('a[href="/lots/UIFA-L1/first-article"]');
    await page.waitForSelector('#form3 tbody tr');
    await page.waitForSelector('#fai-due');
    const forms = await api('/v1/lots/UIFA-L1/first-article');
    const status = await api('/v1/parts/UIFA-SHAFT/first-article-status');

    expect(await texts('#form1 tbody td')).toEqual([
      'UIFA-SHAFT',
      'B',
      'UIFA-L1',
      SITE,
      expect.stringMatching(/^full/),
      expect.stringContaining('UIFA-P1 (routing R1'),
    ]);
    // Form 2 materials as the API lists them: the free-text supplier of the bar stock, and the
    // registered supplier (approved), the certificates and the ISO 2859-1 receiving decision of the forging.
    const materials = await page.$$eval('#form2-materials tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
    );
    expect(materials.map((cells) => cells[0])).toEqual(forms.form2.materials.map((m: any) => m.lotNumber));
    expect(materials[0]).toEqual(['UIFA-BAR', 'STEEL-42', 'Acme Steel', '—', 'H-778', '1', '—', '—', '—']);
    const forge = forms.form2.materials[1];
    expect(forge).toMatchObject({ supplierId: 'UIFA-SUP', supplierApproved: true, certificateRefs: CERTIFICATES, receiving: { decision: 'accepted' } });
    const r = forge.receiving;
    expect(materials[1]).toEqual([
      'UIFA-FORGE',
      'UIFA-FORGING',
      '—',
      'UIFA-SUP approved',
      'FW-88123',
      '1',
      forge.certificateRefs.join(', '),
      `${r.decision} (UIFA-IQC-1, ${r.severity} ${receivingPlan.codeLetter}, n=${receivingPlan.sampleSize} d=0, Ac ${receivingPlan.acceptNumber} / Re ${receivingPlan.rejectNumber})`,
      '—',
    ]);
    expect(await page.$eval('#form2-materials a[href="/suppliers/UIFA-SUP"]', (a) => a.textContent)).toBe('UIFA-SUP');
    expect(await texts('#form2-processes tbody td')).toEqual(['heat-treat', 'OP20', 'OP-HT', 'SOP-HT-B', 'UIFA-F1', expect.any(String)]);

    const rows = await page.$$eval('#form3 tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
    );
    expect(rows.map((cells) => [cells[0], cells[5]])).toEqual(forms.form3.characteristics.map((r: any) => [r.characteristicId, r.verdict]));
    expect(rows.map((cells) => cells[5])).toEqual(['pass', 'missing']);
    const [d1, d2] = forms.form3.characteristics;
    // Results, gauge, its R&R verdict in force, the prototype build's mean / range and the lot's beside it.
    expect(rows[0][4]).toBe(`${d1.results.join(' ')} mm`);
    expect(rows[0][6]).toBe('UIFA-G1');
    expect(rows[0][8]).toBe(d1.gaugeRr.verdict);
    expect(rows[0][10]).toBe(`${Number(d1.prototype.mean.toFixed(4))} / ${Number(d1.prototype.range.toFixed(4))} (UIFA-P1, n=3)`);
    expect(rows[0][11]).toBe(`${Number(d1.lot.mean.toFixed(4))} / ${Number(d1.lot.range.toFixed(4))} (n=2)`);
    expect(rows[0][12]).toMatch(/^mean [+-]/);
    expect(rows[1][4]).toBe('—');
    expect(rows[1][10]).toContain(`${Number(d2.prototype.mean.toFixed(4))} / 0 (UIFA-P1, n=1)`);

    expect(status.due).toBe(true);
    expect(await page.$eval('#fai-due', (el) => el.textContent)).toContain('Due (full)');
    expect(await texts('#fai-due-reasons tbody tr td:first-child')).toEqual(status.reasons.map((r: any) => r.detail));
    expect(await page.$eval('#fai-complete', (el) => el.textContent)).toContain('Missing: UIFA-D2');
    await page.screenshot({ path: join(SHOTS, 'first-article.png'), fullPage: true });
  });

  it('hands over the printable PDF and HTML, fetched with the key in a header, never a URL, as downloaded files', async () => {
    // The browser saves the downloads here, as it would for a person clicking the links.
    const downloads = mkdtempSync(join(tmpdir(), 'lotstream-fai-'));
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    const download = async (kind: 'pdf' | 'html'): Promise<Buffer> => {
      await page.click(`#prepare-${kind}`);
      await page.waitForSelector(`#download-${kind}`);
      const link = await page.$eval(`#download-${kind}`, (a) => ({ href: (a as HTMLAnchorElement).href, download: (a as HTMLAnchorElement).download }));
      expect(link.download).toBe(`first-article-UIFA-L1.${kind}`);
      expect(link.href).toMatch(/^blob:/);
      expect(link.href).not.toContain(reader);
      await page.click(`#download-${kind}`);
      const file = join(downloads, link.download);
      await waitFor(
        () => existsSync(file) && statSync(file).size > 0,
        (done) => done,
        { what: `the ${kind} download` },
      );
      return readFileSync(file);
    };
    const pdf = await download('pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // A table cell may wrap inside an id: compare with the line breaks taken out.
    const text = execFileSync('/usr/bin/pdftotext', ['-raw', '-', '-'], { input: pdf }).toString().replace(/\s+/g, '');
    for (const id of ['UIFA-D1', 'UIFA-D2', 'SOP-HT-B', 'UIFA-MSA-1']) expect(text).toContain(id);
    const html = (await download('html')).toString();
    expect(html).toContain('<td>UIFA-D1</td>');
    expect(html).toContain('SOP-HT-B');
  });

  it('gauge study page, linked from the equipment page: the MSA figures and the verdict as the API answers them', async () => {
    await page.goto(`${t.baseUrl}/equipment/UIFA-G1`);
    const link = 'a[href="/equipment/UIFA-G1/msa-studies/UIFA-MSA-1"]';
    await page.waitForSelector(link);
    await page.click(link);
    await page.waitForSelector('#study-verdict');
    const study = await api('/v1/equipment/UIFA-G1/msa-studies/UIFA-MSA-1');
    expect(await page.$eval('#study-verdict', (el) => el.textContent)).toBe(`Verdict: ${study.verdict} (on ${study.verdictBasis})`);
    expect(await texts('#study-reasons li')).toEqual(study.verdictReasons);
    expect(await page.$eval('#study-ndc', (el) => el.textContent)).toBe(String(study.anova.ndc ?? '—'));
    const anova = await page.$$eval('#study-anova tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
    );
    expect(anova.map((cells) => cells[0])).toEqual(['repeatability', 'reproducibility', 'Gauge R&R', 'part']);
    expect(anova[2][2]).toBe(`${study.anova.pctStudyVariation.grr.toFixed(2)} %`);
    expect(anova[2][3]).toBe(`${study.anova.pctTolerance.grr.toFixed(2)} %`);
    const averageRange = await texts('#study-average-range tbody td');
    expect(averageRange[2]).toBe(study.averageRange.grr.toFixed(5));
    expect(averageRange[5]).toBe(`${study.averageRange.pctGrr.toFixed(2)} %`);
    // The same study is the one in force on the first article's Form 3 row.
    const forms = await api('/v1/lots/UIFA-L1/first-article');
    expect(forms.form3.characteristics[0].gaugeRr).toMatchObject({ studyId: 'UIFA-MSA-1', verdict: study.verdict });
    await page.screenshot({ path: join(SHOTS, 'gauge-study.png'), fullPage: true });
  });

  it('a key of another site cannot open the first article or the study: the page says not found', async () => {
    await signIn(otherSite);
    for (const path of ['/lots/UIFA-L1/first-article', '/equipment/UIFA-G1/msa-studies/UIFA-MSA-1']) {
      await page.goto(`${t.baseUrl}${path}`);
      await page.waitForSelector('[role=alert]');
      expect(await page.$eval('[role=alert]', (el) => el.textContent)).toContain('Not found');
    }
  });
});
