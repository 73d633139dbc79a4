import type { CalibrationTerms, DocumentRecord, PersonRecord } from '@lotstream/domain';
import { isReady, releaseGates } from './release-gates';
import { equipmentGate, materialGate, NO_RECORDS, peopleAndProcedureGates, ReleaseGateRecords } from './work-condition-gates';

type E = { type: string; data: Record<string, unknown> };

const step = (stepId: string, over: Partial<Record<string, unknown>> = {}): E => ({
  type: 'ProductionStepCompleted',
  data: {
    stepId,
    operation: 'TURN',
    sequence: 10,
    workCenter: 'WC-1',
    equipmentIds: ['LATHE-1'],
    operatorId: 'OP-1',
    sopRevision: 'SOP-1-A',
    startedAt: '2026-12-02T08:00:00Z',
    completedAt: '2026-12-02T10:00:00Z',
    quantityIn: 10,
    quantityGood: 10,
    quantityScrapped: 0,
    ...over,
  },
});
const inspection = (inspectionId: string, gaugeId: string, inspectedAt: string): E => ({
  type: 'InspectionRecorded',
  data: {
    inspectionId,
    stage: 'OQC',
    characteristic: { id: 'OD', unit: 'mm' },
    measurements: [1],
    gaugeId,
    inspectorId: 'I',
    inspectedAt,
    verdict: 'pass',
    partNumber: 'P',
  },
});
const calibration = (calibrationId: string, performedAt: string, nextDueAt: string, asLeft = 'in-tolerance', recorded = 1): CalibrationTerms => ({
  calibrationId,
  performedAt,
  nextDueAt,
  asFound: 'in-tolerance',
  asLeft,
  recorded,
});
const records = (over: Partial<ReleaseGateRecords>): ReleaseGateRecords => ({ ...NO_RECORDS, ...over });

describe('release gate equipment-in-calibration', () => {
  const december = [calibration('C1', '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z')];

  it('passes when every machine of every step and every gauge of every inspection is in calibration at use', () => {
    const events = [step('S1'), inspection('I1', 'CAL-1', '2026-12-03T09:00:00Z')];
    const g = equipmentGate(
      events,
      records({
        equipment: new Map([
          ['LATHE-1', december],
          ['CAL-1', december],
        ]),
      }),
    );
    expect(g).toEqual({ gate: 'equipment-in-calibration', passed: true, details: [], unknown: [] });
  });

  it('fails a machine whose calibration fell due during the step (judged over the whole step, not its start)', () => {
    const dueAt9 = [calibration('C1', '2026-11-02T00:00:00Z', '2026-12-02T09:00:00Z')];
    const g = equipmentGate([step('S1')], records({ equipment: new Map([['LATHE-1', dueAt9]]) }));
    expect(g).toMatchObject({ passed: false, details: ['LATHE-1 used in step S1 was not in calibration (calibration-due)'], unknown: [] });
  });

  it('fails a gauge whose calibration in force left it out of tolerance', () => {
    const leftOut = [calibration('C1', '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z', 'out-of-tolerance')];
    const g = equipmentGate([inspection('I1', 'CAL-1', '2026-12-03T09:00:00Z')], records({ equipment: new Map([['CAL-1', leftOut]]) }));
    expect(g.details).toEqual(['CAL-1 used in inspection I1 was not in calibration (left-out-of-tolerance)']);
    expect(g.passed).toBe(false);
  });

  it('lists equipment never calibrated before the use, and equipment never registered, as unknown and fails the gate', () => {
    const calibratedAfter = [calibration('C1', '2026-12-05T00:00:00Z', '2027-01-01T00:00:00Z')];
    const g = equipmentGate([step('S1'), inspection('I1', 'GHOST', '2026-12-03T09:00:00Z')], records({ equipment: new Map([['LATHE-1', calibratedAfter]]) }));
    expect(g.passed).toBe(false);
    expect(g.unknown).toEqual([
      'LATHE-1 used in step S1 was not in calibration (no-calibration-before-use)',
      'GHOST used in inspection I1 is not registered equipment',
    ]);
    expect(g.details).toEqual(g.unknown!.map((u) => `unknown: ${u}`));
  });
});

describe('release gates operators-qualified and sop-revisions-in-force', () => {
  const qualified: PersonRecord = {
    qualifications: [{ qualificationId: 'Q1', operation: 'TURN', validFrom: '2026-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z', recorded: 1 }],
    revocations: [],
    trainings: [],
  };
  const sop: DocumentRecord = {
    revisions: [
      {
        documentId: 'SOP-1',
        revision: 'A',
        revisionId: 'SOP-1-A',
        effectiveFrom: '2026-01-01T00:00:00Z',
        requiresTraining: false,
        operations: ['TURN'],
        recorded: 1,
      },
      {
        documentId: 'SOP-1',
        revision: 'B',
        revisionId: 'SOP-1-B',
        effectiveFrom: '2026-12-02T00:00:00Z',
        requiresTraining: false,
        operations: ['TURN'],
        recorded: 2,
      },
    ],
    obsolescences: [],
  };

  it('pass when the operator is qualified for the operation and the revision used is the one in force over the step', () => {
    const [operators, revisions] = peopleAndProcedureGates(
      [step('S1', { sopRevision: 'SOP-1-B' })],
      records({ persons: new Map([['OP-1', qualified]]), documents: new Map([['SOP-1-B', sop]]) }),
    );
    expect(operators).toEqual({ gate: 'operators-qualified', passed: true, details: [], unknown: [] });
    expect(revisions).toEqual({ gate: 'sop-revisions-in-force', passed: true, details: [], unknown: [] });
  });

  it('fail a step by an operator whose qualification was revoked effective before the step, and a superseded revision', () => {
    const revoked: PersonRecord = { ...qualified, revocations: [{ qualificationId: 'Q1', effectiveFrom: '2026-12-01T00:00:00Z' }] };
    const [operators, revisions] = peopleAndProcedureGates(
      [step('S1')],
      records({ persons: new Map([['OP-1', revoked]]), documents: new Map([['SOP-1-A', sop]]) }),
    );
    expect(operators).toMatchObject({ passed: false, details: ['OP-1 in step S1 (TURN) not qualified (qualification-revoked)'], unknown: [] });
    expect(revisions).toMatchObject({
      passed: false,
      details: ['SOP-1-A in step S1 (TURN) not in force (revision-superseded); in force: SOP-1-B'],
      unknown: [],
    });
  });

  it('list an operator id that is no registered person and a revision nobody released as unknown, failing both gates', () => {
    const [operators, revisions] = peopleAndProcedureGates([step('S1', { operatorId: 'NOBODY', sopRevision: 'SOP-9-Z' })], NO_RECORDS);
    expect(operators).toMatchObject({ passed: false, unknown: ['NOBODY in step S1 (TURN) not qualified (person-not-registered)'] });
    expect(revisions).toMatchObject({ passed: false, unknown: ['SOP-9-Z in step S1 (TURN) not in force (revision-not-registered)'] });
  });
});

describe('release gate material-accepted-at-iqc', () => {
  const material = (lotNumber: string, extra: E[] = [], splitFrom?: string): E[] => [
    { type: 'LotRegistered', data: { lotNumber, partNumber: 'BAR', kind: 'material', siteId: 'S1', ...(splitFrom ? { splitFrom } : {}) } },
    ...extra,
  ];
  const production = (lotNumber: string, inputs: string[]): E[] => [
    { type: 'LotRegistered', data: { lotNumber, partNumber: 'P', kind: 'production', siteId: 'S1' } },
    ...inputs.map((input) => ({ type: 'MaterialConsumed', data: { inputLotNumber: input, quantity: 1, unit: 'kg' } })),
  ];
  const iqc = (decision: string): E => ({ type: 'ReceivingInspectionRecorded', data: { inspectionId: `R-${decision}`, decision } });
  const useAsIs: E = { type: 'NonconformanceDispositioned', data: { ncId: 'NC1', disposition: 'use-as-is', authorizedBy: 'QE' } };
  const walk = (lots: Record<string, E[]>, over: Partial<ReleaseGateRecords> = {}) => records({ lots: new Map(Object.entries(lots)), ...over });

  it('passes when every material lot reached backward, through an intermediate production lot, was accepted (or released use-as-is)', () => {
    const lots = walk({
      L1: production('L1', ['M1', 'SUB']),
      M1: material('M1', [iqc('accepted')]),
      SUB: production('SUB', ['M2']),
      M2: material('M2', [iqc('not-accepted'), useAsIs]),
    });
    expect(materialGate('L1', lots)).toEqual({ gate: 'material-accepted-at-iqc', passed: true, details: [], unknown: [] });
  });

  it('fails on a material lot two levels back that was not accepted, naming it', () => {
    const lots = walk({ L1: production('L1', ['SUB']), SUB: production('SUB', ['M2']), M2: material('M2', [iqc('not-accepted')]) });
    expect(materialGate('L1', lots)).toMatchObject({ passed: false, details: ['material lot M2 was not accepted at incoming inspection'] });
  });

  it('judges a material lot split before inspection by the lot it was split from', () => {
    const accepted = walk({ L1: production('L1', ['M1-a']), 'M1-a': material('M1-a', [], 'M1'), M1: material('M1', [iqc('accepted')]) });
    expect(materialGate('L1', accepted).passed).toBe(true);
    const refused = walk({ L1: production('L1', ['M1-a']), 'M1-a': material('M1-a', [], 'M1'), M1: material('M1', [iqc('not-accepted')]) });
    expect(materialGate('L1', refused).details).toEqual([
      'material lot M1 was not accepted at incoming inspection',
      'material lot M1-a (split from M1) was not accepted at incoming inspection',
    ]);
  });

  it('lists material without receiving inspection, a consumed lot never registered and a truncated walk as unknown', () => {
    const lots = walk({ L1: production('L1', ['M1', 'LOST']), M1: material('M1'), LOST: [] }, { missingLots: ['LOST'], walkTruncated: true });
    const g = materialGate('L1', lots);
    expect(g.passed).toBe(false);
    expect(g.unknown).toEqual([
      'material lot M1 has no receiving inspection',
      'lot LOST, consumed on the way to L1, is not registered',
      'the genealogy of L1 is larger than the release walk reads; not every material lot was judged',
    ]);
  });
});

describe('release readiness with the work-condition gates', () => {
  it('is not ready while any work-condition gate answers unknown, even with every lot-stream gate passed', () => {
    const events: E[] = [
      { type: 'LotRegistered', data: { lotNumber: 'L1', partNumber: 'P', kind: 'production', siteId: 'S1' } },
      inspection('I1', 'CAL-1', '2026-12-03T09:00:00Z'),
    ];
    const calibrated = records({ equipment: new Map([['CAL-1', [calibration('C1', '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z')]]]) });
    expect(isReady(releaseGates('L1', events, calibrated))).toBe(true);
    const gates = releaseGates('L1', events, NO_RECORDS);
    expect(isReady(gates)).toBe(false);
    expect(gates.filter((g) => !g.passed).map((g) => g.gate)).toEqual(['equipment-in-calibration']);
  });
});
