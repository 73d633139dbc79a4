import { asCorrected, isRejection, releaseStatusOf } from '@lotstream/domain';
import { foldLot } from '@lotstream/production/domain';
import { releaseGates } from '../release/release-gates';
import { NO_RECORDS } from '../release/work-condition-gates';

const LOT = 'L1';
import { admitCorrection, admitVoid, correctedFields, correctionEvent, correctionIdsOf, targetOf, voidEvent } from './correction';

type E = { type: string; data: Record<string, unknown> };
const registered: E = {
  type: 'LotRegistered',
  data: { lotNumber: 'L1', partNumber: 'P', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'S1', kind: 'production' },
};
const inspection = (measurements: number[], verdict: 'pass' | 'fail'): E => ({
  type: 'InspectionRecorded',
  data: {
    inspectionId: 'I1',
    stage: 'OQC',
    characteristic: { id: 'OD', lsl: 9.9, usl: 10.1, unit: 'mm' },
    measurements,
    gaugeId: 'G',
    inspectorId: 'QE',
    inspectedAt: '2026-12-01T08:00:00Z',
    verdict,
    partNumber: 'P',
  },
});
const shipped: E = { type: 'LotShipped', data: { shipmentId: 'SH1', customer: 'C', quantity: 4, shippedAt: '2026-12-02T00:00:00Z' } };
const released: E = { type: 'LotReleased', data: { releaseId: 'REL-1', releasedBy: 'QE', gates: [] } };
const target = (events: E[], version: number) => {
  const t = targetOf(events, `ev-${version}`, version, 'L1');
  if (isRejection(t)) throw new Error(t.detail);
  return t;
};

describe('corrections (pure)', () => {
  const stream = [registered, inspection([10.4], 'fail')];

  it('names only the lot’s own steps, inspections, consumptions and shipments', () => {
    expect(targetOf(stream, 'x', undefined, 'L1')).toMatchObject({ kind: 'not-found', code: 'event-not-found' });
    expect(targetOf(stream, 'x', 1, 'L1')).toMatchObject({ kind: 'rule', code: 'event-not-correctable' });
    expect(targetOf([registered, { type: 'MaterialIssued', data: { toLotNumber: 'L2', quantity: 1, unit: 'pcs' } }], 'x', 2, 'L1')).toMatchObject({
      code: 'event-not-correctable',
    });
    expect(target(stream, 2)).toMatchObject({ type: 'InspectionRecorded', version: 2, voided: false });
  });

  it('admits only data fields, never an id, a reference or the characteristic’s id', () => {
    const t = target(stream, 2);
    expect(admitCorrection(t, { measurements: [10] }, 'C1', new Set())).toBeUndefined();
    expect(admitCorrection(t, { inspectionId: 'I2' }, 'C1', new Set())).toMatchObject({ code: 'field-not-correctable', field: 'corrected.inspectionId' });
    expect(admitCorrection(t, { gaugeId: 'G2' }, 'C1', new Set())).toMatchObject({ code: 'field-not-correctable' });
    expect(admitCorrection(t, { characteristic: { id: 'ID', unit: 'mm' } }, 'C1', new Set())).toMatchObject({ code: 'field-not-correctable' });
    expect(admitCorrection(t, {}, 'C1', new Set())).toMatchObject({ code: 'nothing-corrected' });
    expect(admitCorrection(t, { measurements: [10] }, 'C1', new Set(['C1']))).toMatchObject({ kind: 'conflict', code: 'correction-already-recorded' });
  });

  it('recomputes the verdict of a corrected inspection and records what the fields were', () => {
    const t = target(stream, 2);
    const fields = correctedFields(t, { measurements: [10.04] }, { lot: foldLot(stream) });
    expect(fields).toEqual({ measurements: [10.04], verdict: 'pass' });
    const event = correctionEvent(t, { correctionId: 'C1', reason: 'typo' }, fields as Record<string, unknown>, 'QE-4');
    expect(event.data).toMatchObject({
      eventVersion: 2,
      recordId: 'I1',
      corrected: { measurements: [10.04], verdict: 'pass' },
      previous: { measurements: [10.4], verdict: 'fail' },
    });
    expect(correctedFields(t, { characteristic: { id: 'OD', lsl: 11, usl: 9, unit: 'mm' } }, { lot: foldLot(stream) })).toMatchObject({ rejected: true });
  });

  it('the corrected record feeds the release gates; a void removes the inspection from them; corrections after a release supersede it', () => {
    const t = target(stream, 2);
    const correction = correctionEvent(t, { correctionId: 'C1', reason: 'typo' }, { measurements: [10.04], verdict: 'pass' }, 'QE');
    const before = [...stream, released];
    expect(releaseGates(LOT, asCorrected(stream), NO_RECORDS).find((g) => g.gate === 'oqc-passed')!.passed).toBe(false);
    expect(releaseStatusOf(before)).toEqual({ status: 'in-force', releaseId: 'REL-1' });
    const after = [...before, correction];
    expect(releaseGates(LOT, asCorrected(after), NO_RECORDS).find((g) => g.gate === 'oqc-passed')!.passed).toBe(true);
    expect(releaseStatusOf(after)).toEqual({ status: 'superseded', releaseId: 'REL-1', supersededBy: ['C1'] });
    expect(releaseStatusOf([...after, { ...released, data: { ...released.data, releaseId: 'REL-2' } }])).toEqual({ status: 'in-force', releaseId: 'REL-2' });
    const voided = [...stream, voidEvent(target(stream, 2), { voidId: 'V1', reason: 'wrong lot' }, 'QE')];
    expect(releaseGates(LOT, asCorrected(voided), NO_RECORDS).find((g) => g.gate === 'oqc-recorded')!.passed).toBe(false);
    expect(target(voided, 2).voided).toBe(true);
    expect(admitVoid(target(voided, 2), 'V2', correctionIdsOf(voided))).toMatchObject({ kind: 'conflict', code: 'event-already-voided' });
    expect(admitCorrection(target(voided, 2), { measurements: [1] }, 'C9', correctionIdsOf(voided))).toMatchObject({ kind: 'conflict', code: 'event-voided' });
    expect(releaseStatusOf(stream)).toEqual({ status: 'none' });
  });

  it('a corrected or voided shipment and issue change the lot’s quantities by their difference', () => {
    const lot = [registered, shipped];
    expect(foldLot(lot).shipped).toBe(4);
    const corrected = correctionEvent(target(lot, 2), { correctionId: 'C1', reason: 'r' }, { quantity: 6 }, 'QE');
    expect(foldLot([...lot, corrected]).shipped).toBe(6);
    expect(correctedFields(target(lot, 2), { quantity: 11 }, { lot: foldLot(lot) })).toMatchObject({ code: 'over-shipment' });
    expect(foldLot([...lot, voidEvent(target(lot, 2), { voidId: 'V1', reason: 'r' }, 'QE')]).shipped).toBe(0);
    const issue = { eventId: 'e', version: 2, type: 'MaterialIssued' as const, data: { toLotNumber: 'L2', quantity: 3, unit: 'pcs' } };
    const input = [registered, { type: 'MaterialIssued', data: issue.data }];
    expect(foldLot(input).issued).toBe(3);
    expect(foldLot([...input, correctionEvent(issue, { correctionId: 'C1', reason: 'r' }, { quantity: 5 }, 'QE')]).issued).toBe(5);
    expect(foldLot([...input, voidEvent(issue, { voidId: 'V1', reason: 'r' }, 'QE')]).issued).toBe(0);
    // An issue's correction does not supersede the input lot's release: what was released did not change.
    expect(releaseStatusOf([...input, released, correctionEvent(issue, { correctionId: 'C1', reason: 'r' }, { quantity: 5 }, 'QE')]).status).toBe('in-force');
  });

  it('checks a corrected step with the step rules', () => {
    const step: E = {
      type: 'ProductionStepCompleted',
      data: {
        stepId: 'OP10',
        operation: 'turning',
        sequence: 10,
        workCenter: 'WC',
        equipmentIds: ['M1'],
        operatorId: 'OP',
        sopRevision: 'SOP-1 A',
        startedAt: '2026-12-01T08:00:00Z',
        completedAt: '2026-12-01T09:00:00Z',
        quantityIn: 10,
        quantityGood: 9,
        quantityScrapped: 1,
      },
    };
    const t = target([registered, step], 2);
    expect(correctedFields(t, { quantityGood: 10 }, { lot: foldLot([registered, step]) })).toMatchObject({ code: 'step-quantities' });
    expect(correctedFields(t, { completedAt: '2026-12-01T07:00:00Z' }, { lot: foldLot([registered, step]) })).toMatchObject({ code: 'step-ends-before-start' });
    expect(correctedFields(t, { quantityGood: 8, quantityScrapped: 2 }, { lot: foldLot([registered, step]) })).toEqual({
      quantityGood: 8,
      quantityScrapped: 2,
    });
    expect(admitCorrection(t, { equipmentIds: ['M2'] }, 'C1', new Set())).toMatchObject({ code: 'field-not-correctable' });
    expect(admitCorrection(t, { stepId: 'OP20' }, 'C1', new Set())).toMatchObject({ code: 'field-not-correctable' });
  });
});
