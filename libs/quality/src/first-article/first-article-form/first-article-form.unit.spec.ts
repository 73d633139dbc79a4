import { assembleFirstArticle, FirstArticleFormFacts, FormInspectionFacts, summarise } from './first-article-form';

let position = 100;
const inspection = (
  id: string,
  characteristicId: string,
  measurements: number[],
  verdict: 'pass' | 'fail',
  stage = 'FAI',
  extra: Partial<FormInspectionFacts> = {},
): FormInspectionFacts => ({
  inspectionId: id,
  stage,
  characteristic: { id: characteristicId, nominal: 10, lsl: 9.95, usl: 10.05, unit: 'mm' },
  measurements,
  verdict,
  gaugeId: 'G-1',
  inspectedAt: '2025-03-05T10:00:00Z',
  gaugeInCalibration: true,
  position: String(++position),
  ...extra,
});

const facts = (overrides: Partial<FirstArticleFormFacts> = {}): FirstArticleFormFacts => ({
  lot: { lotNumber: 'L1', partNumber: 'SHAFT-1', partRevision: 'B', siteId: 'plant-a' },
  baseline: {
    buildId: 'P1',
    partRevision: 'B',
    routingRevision: 'R1',
    eventId: 'ev-promo',
    promotedAt: '2025-02-20T08:00:00Z',
    specialProcesses: ['heat-treat'],
  },
  faiType: 'full',
  reason: 'no first article of the part was ever approved',
  materials: [
    { lotNumber: 'BAR-1', partNumber: 'STEEL-42', supplier: 'Acme Steel', supplierLotNumber: 'H778', depth: 1 },
    { lotNumber: 'ORE-1', partNumber: 'ORE', depth: 2 },
  ],
  steps: [
    { stepId: 's1', operation: 'turn', operatorId: 'op-1', sopRevision: 'SOP-7', equipmentIds: ['M-1'], completedAt: '2025-03-02T10:00:00Z' },
    { stepId: 's2', operation: 'heat-treat', operatorId: 'op-2', sopRevision: 'SOP-HT-3', equipmentIds: ['F-1'], completedAt: '2025-03-03T10:00:00Z' },
  ],
  prototypeInspections: [
    inspection('pi-1', 'D1', [10.01, 10.03, 9.98], 'pass', 'FAI'),
    inspection('pi-2', 'LEN', [50, 50.2], 'pass', 'IPQC', { characteristic: { id: 'LEN', nominal: 50, lsl: 49.5, usl: 50.5, unit: 'mm' } }),
  ],
  lotInspections: [inspection('i-1', 'D1', [10.02, 10.0], 'pass')],
  nonconformances: [],
  ...overrides,
});

describe('first article forms (AS9102 Rev C)', () => {
  it('Form 1 names the part, revision, lot, site, FAI type and the promotion that set the baseline', () => {
    expect(assembleFirstArticle(facts()).form1).toEqual({
      partNumber: 'SHAFT-1',
      partRevision: 'B',
      lotNumber: 'L1',
      siteId: 'plant-a',
      faiType: 'full',
      reason: 'no first article of the part was ever approved',
      baseline: {
        source: 'prototype-promotion',
        buildId: 'P1',
        partRevision: 'B',
        routingRevision: 'R1',
        eventId: 'ev-promo',
        promotedAt: '2025-02-20T08:00:00Z',
      },
    });
  });

  it('Form 2 lists the materials nearest first and only the special processes, with who did them and the SOP revision', () => {
    const { form2 } = assembleFirstArticle(facts());
    expect(form2.materials.map((m) => m.lotNumber)).toEqual(['BAR-1', 'ORE-1']);
    expect(form2.materials[0]).toMatchObject({ supplier: 'Acme Steel', supplierLotNumber: 'H778' });
    expect(form2.specialProcesses).toEqual([
      { operation: 'heat-treat', stepId: 's2', operatorId: 'op-2', sopRevision: 'SOP-HT-3', equipmentIds: ['F-1'], completedAt: '2025-03-03T10:00:00Z' },
    ]);
  });

  it('Form 3 has one row per characteristic of the plan and marks one without FAI results as missing', () => {
    const forms = assembleFirstArticle(facts());
    expect(forms.form3.characteristics.map((r) => [r.characteristicId, r.verdict])).toEqual([
      ['D1', 'pass'],
      ['LEN', 'missing'],
    ]);
    expect(forms.form3.characteristics[1]).toMatchObject({ results: [], nominal: 50, lsl: 49.5, usl: 50.5, unit: 'mm', inPlan: true });
    expect(forms).toMatchObject({ complete: false, missing: ['LEN'], failed: [] });
  });

  it('does not count a result of another stage than FAI', () => {
    const forms = assembleFirstArticle(facts({ lotInspections: [inspection('i-1', 'D1', [10.02], 'pass'), inspection('i-2', 'LEN', [50.1], 'pass', 'IPQC')] }));
    expect(forms.missing).toEqual(['LEN']);
  });

  it('is complete once every characteristic of the plan has passing FAI results', () => {
    const forms = assembleFirstArticle(
      facts({
        lotInspections: [
          inspection('i-1', 'D1', [10.02, 10.0], 'pass'),
          inspection('i-2', 'LEN', [50.1], 'pass', 'FAI', { characteristic: { id: 'LEN', nominal: 50, lsl: 49.5, usl: 50.5, unit: 'mm' } }),
        ],
      }),
    );
    expect(forms).toMatchObject({ complete: true, missing: [], failed: [] });
  });

  it('marks a failed characteristic with the nonconformance raised for it, and gauge calibration at use', () => {
    const failing = inspection('i-1', 'D1', [10.09], 'fail', 'FAI', { gaugeInCalibration: false });
    const forms = assembleFirstArticle(
      facts({
        lotInspections: [failing],
        nonconformances: [
          { ncId: 'NC-0', description: 'D1 oversize (raised before the inspection)', position: '1' },
          { ncId: 'NC-7', description: 'D1 oversize on first article', position: String(Number(failing.position) + 1) },
        ],
      }),
    );
    expect(forms.form3.characteristics[0]).toMatchObject({
      characteristicId: 'D1',
      verdict: 'fail',
      ncId: 'NC-7',
      gaugeId: 'G-1',
      gaugeInCalibration: false,
      results: [10.09],
    });
    expect(forms).toMatchObject({ complete: false, failed: ['D1'] });
  });

  it("sets the promoted build's mean and range beside the first lot's (what changed from 0 to 1)", () => {
    const row = assembleFirstArticle(facts()).form3.characteristics[0];
    // Prototype D1: 10.01, 10.03, 9.98 → mean 30.02 / 3 = 10.00667, range 10.03 − 9.98 = 0.05.
    expect(row.prototype).toMatchObject({ buildId: 'P1', n: 3 });
    expect(row.prototype!.mean).toBeCloseTo(10.006667, 6);
    expect(row.prototype!.range).toBeCloseTo(0.05, 10);
    // Lot D1: 10.02, 10.00 → mean 10.01, range 0.02.
    expect(row.lot!.mean).toBeCloseTo(10.01, 10);
    expect(row.lot!.range).toBeCloseTo(0.02, 10);
  });

  it('keeps the design limits of the plan even when an FAI inspection recorded others, and lists an unplanned characteristic apart', () => {
    const forms = assembleFirstArticle(
      facts({
        lotInspections: [
          inspection('i-1', 'D1', [10.02], 'pass', 'FAI', { characteristic: { id: 'D1', lsl: 9, usl: 11, unit: 'mm' } }),
          inspection('i-3', 'RA', [0.4], 'pass', 'FAI', { characteristic: { id: 'RA', usl: 0.8, unit: 'um' } }),
        ],
      }),
    );
    expect(forms.form3.characteristics[0]).toMatchObject({ lsl: 9.95, usl: 10.05 });
    expect(forms.form3.characteristics[2]).toMatchObject({ characteristicId: 'RA', inPlan: false, verdict: 'pass' });
    expect(forms.missing).toEqual(['LEN']);
  });

  it('is never complete with an empty plan (no promoted build inspected anything)', () => {
    expect(assembleFirstArticle(facts({ prototypeInspections: [], baseline: null })).complete).toBe(false);
  });

  it('summarises values as mean and range (max − min)', () => {
    expect(summarise([])).toBeNull();
    expect(summarise([2, 4, 9])).toEqual({ n: 3, mean: 5, range: 7 });
  });
});
