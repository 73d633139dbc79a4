import {
  type CalibrationFacts,
  type ConsistencyFacts,
  type LotFacts,
  type StepFacts,
  calibrationAtUse,
  evaluateConsistency,
} from './part-consistency.evaluate';

const lot = (lotNumber: string, position: number, routingRevision: string | null = 'R1', siteId = 'S1'): LotFacts => ({
  lotNumber,
  partRevision: 'A',
  siteId,
  routingRevision,
  registeredAt: '2026-11-01T08:00:00.000Z',
  position: String(position),
});

const step = (lotNumber: string, operation: string, sopRevision: string, extra: Partial<StepFacts> = {}): StepFacts => ({
  lotNumber,
  stepId: `${lotNumber}-${operation}`,
  operation,
  sequence: operation === 'turn' ? 10 : 20,
  sopRevision,
  equipmentIds: [],
  startedAt: '2026-11-02T08:00:00.000Z',
  completedAt: '2026-11-02T09:00:00.000Z',
  quantityIn: 100,
  quantityGood: 100,
  quantityScrapped: 0,
  streamVersion: operation === 'turn' ? 2 : 3,
  ...extra,
});

const calibration = (
  equipmentId: string,
  calibrationId: string,
  performedAt: string,
  nextDueAt: string,
  extra: Partial<CalibrationFacts> = {},
): CalibrationFacts => ({
  equipmentId,
  calibrationId,
  performedAt,
  asFound: 'in-tolerance',
  asLeft: 'in-tolerance',
  nextDueAt,
  position: '1',
  ...extra,
});

const facts = (over: Partial<ConsistencyFacts>): ConsistencyFacts => ({
  partNumber: 'P-1',
  lots: [],
  steps: [],
  inspections: [],
  nonconformances: [],
  calibrations: [],
  promotions: [],
  ...over,
});

describe('baseline', () => {
  it('is the first production lot by recorded position when the part was never promoted', () => {
    const answer = evaluateConsistency(
      facts({
        lots: [lot('L2', 20), lot('L1', 10)],
        steps: [step('L1', 'turn', 'B'), step('L1', 'mill', 'C'), step('L2', 'turn', 'B'), step('L2', 'mill', 'C')],
      }),
    )!;
    expect(answer.baseline).toEqual({
      source: 'first-lot',
      lotNumber: 'L1',
      partRevision: 'A',
      routingRevision: 'R1',
      sopRevisions: { turn: 'B', mill: 'C' },
      sopSource: 'first-lot',
    });
    expect(answer.lots.map((l) => l.lotNumber)).toEqual(['L1', 'L2']);
    expect(answer.consistent).toBe(true);
    expect(answer.reasons).toEqual([]);
  });

  it('is the latest promotion (by position) when there is one, and its SOP revisions', () => {
    const answer = evaluateConsistency(
      facts({
        lots: [lot('L1', 10, 'R1')],
        steps: [step('L1', 'turn', 'B')],
        promotions: [
          { buildId: 'B-2', partRevision: 'B', routingRevision: 'R2', sopRevisions: { turn: 'C' }, position: '30' },
          { buildId: 'B-1', partRevision: 'A', routingRevision: 'R1', sopRevisions: { turn: 'B' }, position: '5' },
        ],
      }),
    )!;
    expect(answer.baseline).toMatchObject({ source: 'prototype-promotion', buildId: 'B-2', routingRevision: 'R2', sopSource: 'prototype-promotion' });
    expect(answer.consistent).toBe(false);
    expect(answer.lots[0].deviations).toEqual([
      { kind: 'routing-revision', expected: 'R2', actual: 'R1', detail: 'routing revision R1, baseline R2' },
      { kind: 'sop-revision', operation: 'turn', expected: 'C', actual: 'B', detail: 'step L1-turn (turn) ran SOP revision B, baseline C' },
    ]);
    expect(answer.reasons).toHaveLength(2);
  });

  it('takes SOP revisions from the first lot when the promotion named none', () => {
    const answer = evaluateConsistency(
      facts({
        lots: [lot('L1', 10, 'R2'), lot('L2', 11, 'R2')],
        steps: [step('L1', 'turn', 'B'), step('L2', 'turn', 'C')],
        promotions: [{ buildId: 'B-1', partRevision: 'A', routingRevision: 'R2', sopRevisions: null, position: '1' }],
      }),
    )!;
    expect(answer.baseline).toMatchObject({ source: 'prototype-promotion', sopRevisions: { turn: 'B' }, sopSource: 'first-lot' });
    expect(answer.lots[1].deviations.map((d) => d.kind)).toEqual(['sop-revision']);
  });

  it('is null for a part with neither lots nor promotion', () => {
    expect(evaluateConsistency(facts({}))).toBeNull();
  });

  it('flags an operation the baseline does not have', () => {
    const answer = evaluateConsistency(
      facts({ lots: [lot('L1', 1), lot('L2', 2)], steps: [step('L1', 'turn', 'B'), step('L2', 'turn', 'B'), step('L2', 'mill', 'A')] }),
    )!;
    expect(answer.lots[1].deviations).toEqual([
      { kind: 'operation-not-in-baseline', operation: 'mill', actual: 'A', detail: 'operation mill (step L2-mill) is not in the baseline' },
    ]);
  });

  it('hides the first lot number from a caller who may not see its site, but keeps the part baseline', () => {
    const answer = evaluateConsistency(facts({ lots: [lot('L1', 1, 'R1', 'S2'), lot('L2', 2, 'R9', 'S1')], visibleLot: (l) => l.siteId === 'S1' }))!;
    expect(answer.baseline).toMatchObject({ source: 'first-lot', lotNumber: null, routingRevision: 'R1' });
    expect(answer.lots.map((l) => l.lotNumber)).toEqual(['L2']);
    expect(answer.lots[0].deviations.map((d) => d.kind)).toEqual(['routing-revision']);
  });
});

describe('calibration at use', () => {
  const cals = [
    calibration('G1', 'C1', '2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z', { position: '1' }),
    calibration('G1', 'C2', '2026-07-02T00:00:00Z', '2027-01-01T00:00:00Z', { position: '2', asFound: 'out-of-tolerance' }),
  ];

  it('is true when the last calibration before use left it in tolerance and is due after the use', () => {
    expect(calibrationAtUse(cals, '2026-03-01T00:00:00Z', '2026-03-01T01:00:00Z')).toMatchObject({ inCalibration: true, calibrationId: 'C1' });
  });

  it('is false when the calibration was due before the use ended', () => {
    expect(calibrationAtUse(cals, '2026-06-30T23:00:00Z', '2026-07-01T00:00:00Z')).toMatchObject({ inCalibration: false, calibrationId: 'C1' });
    expect(calibrationAtUse(cals, '2026-07-01T12:00:00Z', '2026-07-01T12:00:00Z')).toMatchObject({ inCalibration: false });
  });

  it('is false when the calibration left it out of tolerance', () => {
    const left = [calibration('G1', 'C1', '2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z', { asLeft: 'out-of-tolerance' })];
    expect(calibrationAtUse(left, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')).toMatchObject({ inCalibration: false });
  });

  it('is unknown without a calibration before the use', () => {
    expect(calibrationAtUse(cals, '2025-12-31T00:00:00Z', '2025-12-31T00:00:00Z')).toMatchObject({ inCalibration: 'unknown', calibrationId: null });
    expect(calibrationAtUse([], '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z').inCalibration).toBe('unknown');
  });

  it('marks a use suspect when the next calibration found the equipment out of tolerance', () => {
    expect(calibrationAtUse(cals, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z').foundOutOfToleranceAfterUse).toBe('C2');
    expect(calibrationAtUse(cals, '2026-08-01T00:00:00Z', '2026-08-01T00:00:00Z').foundOutOfToleranceAfterUse).toBeNull();
  });

  it('uses the later recorded calibration when two were performed at the same instant', () => {
    const same = [
      calibration('G1', 'C1', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', { position: '1' }),
      calibration('G1', 'C1b', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', { position: '9', asLeft: 'out-of-tolerance' }),
    ];
    expect(calibrationAtUse(same, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')).toMatchObject({ inCalibration: false, calibrationId: 'C1b' });
  });
});

describe('per lot', () => {
  it('reports an out-of-calibration gauge of an inspection and a machine of a step as deviations', () => {
    const answer = evaluateConsistency(
      facts({
        lots: [lot('L1', 1)],
        steps: [step('L1', 'turn', 'B', { equipmentIds: ['M1', 'M2'] })],
        inspections: [
          {
            lotNumber: 'L1',
            inspectionId: 'I1',
            stage: 'IPQC',
            characteristicId: 'D1',
            verdict: 'pass',
            gaugeId: 'G1',
            inspectedAt: '2026-11-03T00:00:00.000Z',
          },
        ],
        calibrations: [
          calibration('M1', 'CM1', '2026-10-01T00:00:00Z', '2027-10-01T00:00:00Z'),
          calibration('G1', 'CG1', '2026-01-01T00:00:00Z', '2026-10-01T00:00:00Z'),
        ],
      }),
    )!;
    const [l1] = answer.lots;
    expect(l1.equipment.map((e) => [e.equipmentId, e.usedIn, e.inCalibration])).toEqual([
      ['M1', 'step', true],
      ['M2', 'step', 'unknown'],
      ['G1', 'inspection', false],
    ]);
    expect(l1.deviations).toEqual([
      {
        kind: 'equipment-out-of-calibration',
        equipmentId: 'G1',
        detail: 'gauge G1 used in inspection I1 out of calibration: calibration CG1 was due at 2026-10-01T00:00:00Z',
      },
    ]);
    expect(answer.consistent).toBe(false);
  });

  it('computes first-pass yield as the product of step yields, the inspection pass rate and open nonconformances', () => {
    const answer = evaluateConsistency(
      facts({
        lots: [lot('L1', 1)],
        steps: [step('L1', 'turn', 'B', { quantityIn: 100, quantityGood: 90 }), step('L1', 'mill', 'C', { quantityIn: 90, quantityGood: 81 })],
        inspections: ['pass', 'pass', 'fail', 'n/a'].map((verdict, i) => ({
          lotNumber: 'L1',
          inspectionId: `I${i}`,
          stage: 'IPQC',
          characteristicId: 'D1',
          verdict,
          gaugeId: null,
          inspectedAt: '2026-11-03T00:00:00.000Z',
        })),
        nonconformances: [
          { lotNumber: 'L1', ncId: 'NC2', disposition: null },
          { lotNumber: 'L1', ncId: 'NC1', disposition: 'scrap' },
        ],
      }),
    )!;
    const [l1] = answer.lots;
    expect(l1.firstPassYield).toBeCloseTo(0.81, 12);
    expect(l1.inspections).toEqual({ total: 4, passed: 2, failed: 1, passRate: 2 / 3 });
    expect(l1.openNonconformances).toEqual(['NC2']);
    expect(l1.operations.map((o) => o.operation)).toEqual(['turn', 'mill']);
  });

  it('has no yield and no pass rate without steps and inspections', () => {
    const [l1] = evaluateConsistency(facts({ lots: [lot('L1', 1)] }))!.lots;
    expect(l1.firstPassYield).toBeNull();
    expect(l1.inspections.passRate).toBeNull();
  });
});
