import { foldQualityLot as foldLot } from '../../lot-quality/lot-quality.state';
import { decideRecordInspection, RecordInspection } from './record-inspection';

const registered = {
  type: 'LotRegistered',
  data: { lotNumber: 'L1', partNumber: 'PN-1', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'S1', kind: 'production' },
};
const lot = foldLot([registered]);
const gauge = { registered: true, kind: 'gauge' as const };
const command: RecordInspection = {
  lotNumber: 'L1',
  inspectionId: 'I1',
  stage: 'IPQC',
  characteristic: { id: 'D1', lsl: 9.9, usl: 10.1, unit: 'mm' },
  measurements: [10, 10.1],
  gaugeId: 'G1',
  inspectorId: 'Q1',
  inspectedAt: '2026-01-01T10:00:00Z',
};

describe('RecordInspection', () => {
  it("records the subgroup with the verdict it computes and the lot's part number", () => {
    const { lotNumber: _lot, ...fields } = command;
    expect(decideRecordInspection(command, { lot, gauge })).toEqual([{ type: 'InspectionRecorded', data: { ...fields, verdict: 'pass', partNumber: 'PN-1' } }]);
  });

  it('fails the subgroup when one value is outside the limits', () => {
    expect(decideRecordInspection({ ...command, measurements: [10, 10.2] }, { lot, gauge })).toMatchObject([{ data: { verdict: 'fail' } }]);
  });

  it('refuses inverted limits (422)', () => {
    const decision = decideRecordInspection({ ...command, characteristic: { id: 'D1', lsl: 11, usl: 10, unit: 'mm' } }, { lot, gauge });
    expect(decision).toMatchObject({ kind: 'rule', code: 'limits-inverted' });
  });

  it('refuses a gauge that is not registered, or is a machine (422)', () => {
    expect(decideRecordInspection(command, { lot, gauge: { registered: false } })).toMatchObject({ kind: 'rule', code: 'gauge-unknown' });
    expect(decideRecordInspection(command, { lot, gauge: { registered: true, kind: 'machine' } })).toMatchObject({ kind: 'rule', code: 'not-a-gauge' });
  });

  it('answers 409 for an inspection id already recorded, 404 for an unknown lot', () => {
    const recorded = decideRecordInspection(command, { lot, gauge }) as Array<{ type: string; data: unknown }>;
    const given = foldLot([registered, ...recorded]);
    expect(decideRecordInspection(command, { lot: given, gauge })).toMatchObject({ kind: 'conflict' });
    expect(decideRecordInspection(command, { lot: foldLot([]), gauge })).toMatchObject({ kind: 'not-found' });
  });
});
