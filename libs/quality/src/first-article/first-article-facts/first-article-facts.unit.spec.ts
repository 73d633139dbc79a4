import { firstArticleDue } from '../first-article-due/first-article-due';
import { assembleFirstArticle } from '../first-article-form/first-article-form';
import { materialRows } from '../first-article-print/first-article-rows';
import { formFactsFromEvents, gaugeRrAtUse, partFactsFromEvents, receivingFacts, StoredFact } from './first-article-facts';

let position = 0;
const event = (streamId: string, type: string, occurredAt: string, data: Record<string, unknown>): StoredFact => ({
  eventId: `e${++position}`,
  type,
  streamId,
  position: String(position),
  occurredAt,
  data,
});
const characteristic = (id: string) => ({ id, nominal: 10, lsl: 9.9, usl: 10.1, unit: 'mm' });
const inspection = (streamId: string, type: string, inspectionId: string, id: string, measurements: number[], verdict: string, stage = 'FAI') =>
  event(streamId, type, '2025-03-05T10:00:00Z', {
    inspectionId,
    stage,
    characteristic: characteristic(id),
    measurements,
    gaugeId: 'G-1',
    inspectorId: 'qe-1',
    inspectedAt: '2025-03-05T10:00:00Z',
    verdict,
  });
const step = (lot: string, stepId: string, operation: string, equipmentIds: string[], completedAt: string) =>
  event(`lot-${lot}`, 'ProductionStepCompleted', completedAt, {
    stepId,
    operation,
    sequence: 1,
    workCenter: 'WC',
    equipmentIds,
    operatorId: 'op-1',
    sopRevision: 'SOP-1',
    startedAt: completedAt,
    completedAt,
    quantityIn: 10,
    quantityGood: 10,
    quantityScrapped: 0,
  });

const gauge = [
  event('equipment-G-1', 'EquipmentRegistered', '2025-01-01T00:00:00Z', { equipmentId: 'G-1', kind: 'gauge' }),
  event('equipment-G-1', 'CalibrationRecorded', '2025-01-02T00:00:00Z', {
    calibrationId: 'C1',
    performedAt: '2025-01-02T00:00:00Z',
    asFound: 'in-tolerance',
    asLeft: 'in-tolerance',
    nextDueAt: '2026-01-02T00:00:00Z',
  }),
];
const prototype = [
  event('prototype-P1', 'PrototypeBuildStarted', '2025-02-01T00:00:00Z', { buildId: 'P1', partNumber: 'SHAFT-1' }),
  inspection('prototype-P1', 'PrototypeInspectionRecorded', 'pi-1', 'D1', [10.0, 10.04], 'pass'),
  inspection('prototype-P1', 'PrototypeInspectionRecorded', 'pi-2', 'D2', [10.02], 'pass'),
  event('prototype-P1', 'PrototypeBuildCompleted', '2025-02-10T00:00:00Z', { outcome: 'accepted' }),
  event('prototype-P1', 'PrototypePromoted', '2025-02-11T00:00:00Z', {
    partNumber: 'SHAFT-1',
    partRevision: 'B',
    routingRevision: 'R1',
    specialProcesses: ['heat-treat'],
  }),
];
const bar = [
  event('lot-BAR-1', 'LotRegistered', '2025-02-20T00:00:00Z', {
    lotNumber: 'BAR-1',
    partNumber: 'STEEL',
    partRevision: '-',
    siteId: 'plant-a',
    kind: 'material',
    supplier: 'Acme',
    supplierLotNumber: 'H7',
  }),
  inspection('lot-BAR-1', 'InspectionRecorded', 'iqc-1', 'HARD', [30], 'pass', 'IQC'),
];
const lot = [
  event('lot-L1', 'LotRegistered', '2025-03-01T00:00:00Z', {
    lotNumber: 'L1',
    partNumber: 'SHAFT-1',
    partRevision: 'B',
    siteId: 'plant-a',
    kind: 'production',
  }),
  event('lot-L1', 'MaterialConsumed', '2025-03-01T01:00:00Z', { inputLotNumber: 'BAR-1', quantity: 1, unit: 'ea' }),
  step('L1', 's1', 'turn', ['M-1'], '2025-03-02T00:00:00Z'),
  step('L1', 's2', 'heat-treat', ['F-1'], '2025-03-03T00:00:00Z'),
  inspection('lot-L1', 'InspectionRecorded', 'i-1', 'D1', [10.01, 10.03], 'pass'),
];

describe('first article facts from stored events', () => {
  it('assembles the forms of a lot from its events, the material it consumed, the promoted build and the gauge calibrations', () => {
    const facts = formFactsFromEvents({
      lotEvents: lot,
      lotStreams: new Map([['BAR-1', bar]]),
      prototypeEvents: prototype,
      equipmentStreams: new Map([['G-1', gauge]]),
      faiType: 'full',
    });
    const forms = assembleFirstArticle(facts!);
    expect(forms.form1).toMatchObject({
      partNumber: 'SHAFT-1',
      partRevision: 'B',
      lotNumber: 'L1',
      siteId: 'plant-a',
      baseline: { buildId: 'P1', routingRevision: 'R1' },
    });
    expect(forms.form2.materials).toEqual([
      { lotNumber: 'BAR-1', partNumber: 'STEEL', supplier: 'Acme', supplierLotNumber: 'H7', depth: 1, iqc: { verdict: 'pass', inspections: 1 } },
    ]);
    expect(forms.form2.specialProcesses.map((p) => [p.operation, p.operatorId, p.sopRevision])).toEqual([['heat-treat', 'op-1', 'SOP-1']]);
    expect(forms.form3.characteristics.map((r) => [r.characteristicId, r.verdict, r.results, r.gaugeInCalibration])).toEqual([
      ['D1', 'pass', [10.01, 10.03], true],
      ['D2', 'missing', [], undefined],
    ]);
    expect(forms.form3.characteristics[0].prototype).toMatchObject({ buildId: 'P1', n: 2, mean: 10.02 });
    expect(forms.complete).toBe(false);
  });

  describe('Form 2 supplier facts from receiving', () => {
    const plan = (severity: string) => ({
      standard: 'ISO 2859-1',
      inspectionLevel: 'II',
      aql: 1,
      severity,
      codeLetter: 'H',
      sampleSize: 50,
      acceptNumber: 1,
      rejectNumber: 2,
      hundredPercent: false,
    });
    const receiving = (lotNumber: string, inspectionId: string, nonconforming: number, decision: string) =>
      event(`lot-${lotNumber}`, 'ReceivingInspectionRecorded', '2025-02-21T00:00:00Z', {
        inspectionId,
        lotNumber,
        partNumber: 'STEEL',
        lotSize: 500,
        sampleSize: 50,
        nonconforming,
        inspectedAt: '2025-02-21T09:00:00Z',
        inspectorId: 'iqc-1',
        plan: plan('normal'),
        decision,
        acceptedOneStepTighter: false,
      });
    const received = (lotNumber: string, extra: Record<string, unknown>) =>
      event(`lot-${lotNumber}`, 'LotRegistered', '2025-02-20T00:00:00Z', {
        lotNumber,
        partNumber: 'STEEL',
        partRevision: '-',
        siteId: 'plant-a',
        kind: 'material',
        supplierLotNumber: 'H9',
        ...extra,
      });
    const consumer = (inputs: string[]) => [
      event('lot-L2', 'LotRegistered', '2025-03-01T00:00:00Z', {
        lotNumber: 'L2',
        partNumber: 'SHAFT-1',
        partRevision: 'B',
        siteId: 'plant-a',
        kind: 'production',
      }),
      ...inputs.map((input) => event('lot-L2', 'MaterialConsumed', '2025-03-01T01:00:00Z', { inputLotNumber: input, quantity: 1, unit: 'ea' })),
    ];
    const formsOf = (streams: Array<[string, StoredFact[]]>) =>
      assembleFirstArticle(
        formFactsFromEvents({
          lotEvents: consumer(streams.map(([n]) => n)),
          lotStreams: new Map(streams),
          prototypeEvents: prototype,
          equipmentStreams: new Map(),
          faiType: 'full',
        })!,
      );

    it('names the registered supplier, the certificates received and the ISO 2859-1 decision of a consumed lot', () => {
      const forms = formsOf([
        [
          'BAR-2',
          [
            received('BAR-2', { supplierId: 'SUP-ACME', supplier: 'Acme', supplierApproved: true, certificateRefs: ['COC-88123', 'EN10204-3.1-77'] }),
            receiving('BAR-2', 'IQC-7', 1, 'accepted'),
          ],
        ],
      ]);
      expect(forms.form2.materials).toEqual([
        {
          lotNumber: 'BAR-2',
          partNumber: 'STEEL',
          supplier: 'Acme',
          supplierLotNumber: 'H9',
          supplierId: 'SUP-ACME',
          supplierApproved: true,
          depth: 1,
          certificateRefs: ['COC-88123', 'EN10204-3.1-77'],
          receiving: {
            inspectionId: 'IQC-7',
            decision: 'accepted',
            standing: 'accepted',
            inspectedAt: '2025-02-21T09:00:00Z',
            severity: 'normal',
            codeLetter: 'H',
            sampleSize: 50,
            nonconforming: 1,
            acceptNumber: 1,
            rejectNumber: 2,
            inspections: 1,
          },
        },
      ]);
      expect(materialRows(forms)).toEqual([
        ['BAR-2', 'STEEL', 'SUP-ACME (Acme)', 'H9', '1', 'COC-88123, EN10204-3.1-77', 'accepted (IQC-7, normal H, n=50 d=1 Ac 1/Re 2)', ''],
      ]);
    });

    it('takes the latest receiving inspection, and shows a not-accepted lot released use-as-is as such', () => {
      const events = [
        received('BAR-3', { supplierId: 'SUP-B', supplierApproved: false }),
        receiving('BAR-3', 'IQC-8', 0, 'accepted'),
        receiving('BAR-3', 'IQC-9', 2, 'not-accepted'),
        event('lot-BAR-3', 'NonconformanceDispositioned', '2025-02-22T00:00:00Z', { ncId: 'NC-1', disposition: 'use-as-is' }),
      ];
      expect(receivingFacts(events)).toMatchObject({ inspectionId: 'IQC-9', decision: 'not-accepted', standing: 'use-as-is', inspections: 2 });
      expect(receivingFacts(events.slice(0, 3))).toMatchObject({ inspectionId: 'IQC-9', decision: 'not-accepted', standing: 'not-accepted' });
      const rows = materialRows(formsOf([['BAR-3', events]]));
      expect(rows[0][2]).toBe('SUP-B, not approved');
      expect(rows[0][6]).toBe('not-accepted, use-as-is (IQC-9, normal H, n=50 d=2 Ac 1/Re 2)');
    });

    it('leaves supplierId, certificates and the receiving decision out when none was recorded; free text is unverified', () => {
      const forms = formsOf([['BAR-4', [received('BAR-4', { supplier: 'Acme', certificateRefs: [] })]]]);
      expect(forms.form2.materials[0]).toEqual({ lotNumber: 'BAR-4', partNumber: 'STEEL', supplier: 'Acme', supplierLotNumber: 'H9', depth: 1 });
      expect(receivingFacts([received('BAR-4', {})])).toBeUndefined();
      expect(materialRows(forms)[0].slice(2, 7)).toEqual(['Acme (unverified)', 'H9', '1', '', '']);
    });
  });

  it('answers null for a lot without a registration', () => {
    expect(formFactsFromEvents({ lotEvents: [], lotStreams: new Map(), prototypeEvents: [], equipmentStreams: new Map(), faiType: 'full' })).toBeNull();
  });

  it('feeds the due rule: a machine change after the approval makes a new FAI due, naming the step event', () => {
    const approval = event('lot-L1', 'FirstArticleApproved', '2025-03-06T00:00:00Z', {
      faiId: 'FAI-1',
      type: 'full',
      approvedBy: 'qe-1',
      partNumber: 'SHAFT-1',
      partRevision: 'B',
      characteristicIds: ['D1', 'D2'],
    });
    const next = [
      event('lot-L2', 'LotRegistered', '2025-04-01T00:00:00Z', {
        lotNumber: 'L2',
        partNumber: 'SHAFT-1',
        partRevision: 'B',
        siteId: 'plant-a',
        kind: 'production',
      }),
      step('L2', 's1', 'turn', ['M-2', 'G-1'], '2025-04-02T00:00:00Z'),
    ];
    const facts = partFactsFromEvents(
      [...lot, approval, ...next],
      (n) => (n === 'BAR-1' ? 'Acme' : null),
      (id) => id !== 'G-1',
    );
    const answer = firstArticleDue(facts);
    expect(answer.due).toBe(true);
    expect(answer.reasons).toEqual([
      expect.objectContaining({
        kind: 'new-machine',
        equipmentId: 'M-2',
        operation: 'turn',
        causedBy: expect.objectContaining({ eventId: next[1].eventId, lotNumber: 'L2' }),
      }),
    ]);
  });
});

describe('gauge R&R at use', () => {
  const study = (studyId: string, performedAt: string, verdict: string, extra: Record<string, unknown> = {}) =>
    event('equipment-G-1', 'MsaStudyRecorded', performedAt, {
      studyId,
      partNumber: 'SHAFT-1',
      characteristic: { id: 'D1', unit: 'mm' },
      performedAt,
      results: { verdict, verdictBasis: 'tolerance', anova: { pctTolerance: { grr: 8.2 }, pctStudyVariation: { grr: 12.5 }, ndc: 9 } },
      ...extra,
    });
  const studies = [
    study('S-old', '2025-01-10T00:00:00Z', 'conditional'),
    study('S-in-force', '2025-03-01T00:00:00Z', 'acceptable'),
    // near misses: after the inspection, another characteristic, another part
    study('S-later', '2025-03-05T10:00:01Z', 'unacceptable'),
    study('S-other-char', '2025-03-02T00:00:00Z', 'unacceptable', { characteristic: { id: 'D2', unit: 'mm' } }),
    study('S-other-part', '2025-03-02T00:00:00Z', 'unacceptable', { partNumber: 'OTHER' }),
  ];

  it('takes the latest study of the part × characteristic performed at or before the inspection, with its recorded figures', () => {
    expect(gaugeRrAtUse(studies, 'SHAFT-1', 'D1', '2025-03-05T10:00:00Z')).toEqual({
      verdict: 'acceptable',
      studyId: 'S-in-force',
      performedAt: '2025-03-01T00:00:00Z',
      verdictBasis: 'tolerance',
      pctGrr: 8.2,
      ndc: 9,
    });
    expect(gaugeRrAtUse(studies, 'SHAFT-1', 'D1', '2025-02-01T00:00:00Z')).toMatchObject({ verdict: 'conditional', studyId: 'S-old' });
  });

  it('answers none before any study, and for a characteristic the gauge was never studied on', () => {
    expect(gaugeRrAtUse(studies, 'SHAFT-1', 'D1', '2025-01-09T23:59:59Z')).toEqual({ verdict: 'none' });
    expect(gaugeRrAtUse(studies, 'SHAFT-1', 'D3', '2025-03-05T10:00:00Z')).toEqual({ verdict: 'none' });
  });

  it('puts the verdict in force on the Form 3 row of the gauge that took the FAI subgroup', () => {
    const lot = [
      event('lot-L1', 'LotRegistered', '2025-03-01T00:00:00Z', { lotNumber: 'L1', partNumber: 'SHAFT-1', partRevision: 'B', siteId: 'S', kind: 'production' }),
      inspection('lot-L1', 'InspectionRecorded', 'i-1', 'D1', [10.01], 'pass'),
      inspection('lot-L1', 'InspectionRecorded', 'i-2', 'D2', [10.01], 'pass'),
    ];
    const facts = formFactsFromEvents({
      lotEvents: lot,
      lotStreams: new Map(),
      prototypeEvents: prototype,
      equipmentStreams: new Map([['G-1', [...gauge, ...studies]]]),
      faiType: 'full',
    });
    const rows = assembleFirstArticle(facts!).form3.characteristics;
    expect(rows.map((r) => [r.characteristicId, r.gaugeRr?.verdict, r.gaugeRr?.studyId])).toEqual([
      ['D1', 'acceptable', 'S-in-force'],
      ['D2', 'unacceptable', 'S-other-char'],
    ]);
  });
});
