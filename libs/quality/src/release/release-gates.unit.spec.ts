import { foldQualityLot } from '../lot-quality/lot-quality.state';
import { releaseGates } from './release-gates';
import { NO_RECORDS, ReleaseGateRecords } from './work-condition-gates';
import { decideReleaseLot, releaseIdsOf } from './release-lot/release-lot';

type E = { type: string; data: Record<string, unknown> };
const registered: E = {
  type: 'LotRegistered',
  data: { lotNumber: 'L1', partNumber: 'P', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'S1', kind: 'production' },
};
const oqc = (inspectionId: string, characteristic: string, verdict: 'pass' | 'fail', inspectedAt: string, stage = 'OQC'): E => ({
  type: 'InspectionRecorded',
  data: {
    inspectionId,
    stage,
    characteristic: { id: characteristic, unit: 'mm' },
    measurements: [1],
    gaugeId: 'G',
    inspectorId: 'I',
    inspectedAt,
    verdict,
    partNumber: 'P',
  },
});
const nc = (ncId: string, inspectionId?: string): E => ({
  type: 'NonconformanceRaised',
  data: { ncId, description: 'd', quantityAffected: 1, ...(inspectionId ? { inspectionId } : {}) },
});
const dispositioned = (ncId: string): E => ({ type: 'NonconformanceDispositioned', data: { ncId, disposition: 'rework', authorizedBy: 'QE' } });
// Gauge G calibrated in tolerance over the whole of December 2026: the lot-stream gates are judged alone.
const gaugeG: ReleaseGateRecords = {
  ...NO_RECORDS,
  equipment: new Map([
    [
      'G',
      [
        {
          calibrationId: 'C1',
          performedAt: '2026-11-30T00:00:00Z',
          nextDueAt: '2027-01-01T00:00:00Z',
          asFound: 'in-tolerance',
          asLeft: 'in-tolerance',
          recorded: 1,
        },
      ],
    ],
  ]),
};
const gates = (events: E[]) => releaseGates('L1', events, gaugeG);
const gate = (events: E[], name: string) => gates(events).find((g) => g.gate === name)!;

describe('release gates', () => {
  it('oqc-recorded fails without an OQC inspection (an IPQC one does not count)', () => {
    expect(gate([registered, oqc('I1', 'OD', 'pass', '2026-12-01T00:00:00Z', 'IPQC')], 'oqc-recorded')).toMatchObject({ passed: false });
    expect(gate([registered, oqc('I1', 'OD', 'pass', '2026-12-01T00:00:00Z')], 'oqc-recorded')).toMatchObject({ passed: true });
  });

  it('oqc-passed judges the latest OQC result of each characteristic, by inspectedAt', () => {
    const failedThenPassed = [registered, oqc('I1', 'OD', 'fail', '2026-12-01T08:00:00Z'), oqc('I2', 'OD', 'pass', '2026-12-01T09:00:00Z')];
    expect(gate(failedThenPassed, 'oqc-passed')).toMatchObject({ passed: true });
    // Recorded late but measured earlier: the 09:00 failure stays the latest result.
    const lateRecord = [registered, oqc('I2', 'OD', 'fail', '2026-12-01T09:00:00Z'), oqc('I1', 'OD', 'pass', '2026-12-01T08:00:00Z')];
    expect(gate(lateRecord, 'oqc-passed')).toMatchObject({ passed: false, details: [expect.stringContaining('OD: latest OQC I2 failed')] });
  });

  it('oqc-passed accepts a failure covered by a dispositioned nonconformance naming that inspection, not an open or unrelated one', () => {
    const failed = [registered, oqc('I1', 'OD', 'fail', '2026-12-01T08:00:00Z')];
    expect(gate([...failed, nc('NC1', 'I1')], 'oqc-passed').passed).toBe(false);
    expect(gate([...failed, nc('NC1'), dispositioned('NC1')], 'oqc-passed').passed).toBe(false);
    expect(gate([...failed, nc('NC1', 'I1'), dispositioned('NC1')], 'oqc-passed').passed).toBe(true);
  });

  it('nonconformances-dispositioned lists every open nonconformance', () => {
    expect(gate([registered, nc('NC1'), nc('NC2'), dispositioned('NC2')], 'nonconformances-dispositioned')).toEqual({
      gate: 'nonconformances-dispositioned',
      passed: false,
      details: ['NC1 is not dispositioned'],
    });
  });

  it('no-active-hold fails while a hold is in force and passes once it is released', () => {
    const held: E = { type: 'LotHeld', data: { holdId: 'H1', reason: 'r', scope: 'lot', heldFrom: 'L1' } };
    expect(gate([registered, held], 'no-active-hold')).toMatchObject({ passed: false, details: ['hold H1 is in force'] });
    expect(gate([registered, held, { type: 'LotHoldReleased', data: { holdId: 'H1', reason: 'ok', releasedBy: 'QE' } }], 'no-active-hold').passed).toBe(true);
  });

  it('ReleaseLot refuses with 422 release-gates-failed naming the failed gates, and records the gates when all pass', () => {
    const failing = [registered, oqc('I1', 'OD', 'fail', '2026-12-01T08:00:00Z')];
    const refused = decideReleaseLot({ lotNumber: 'L1', releaseId: 'R1' }, foldQualityLot(failing), releaseIdsOf(failing), gates(failing), 'QE-4');
    expect(refused).toMatchObject({ kind: 'rule', code: 'release-gates-failed', detail: expect.stringContaining('oqc-passed') });
    const passing = [registered, oqc('I1', 'OD', 'pass', '2026-12-01T08:00:00Z')];
    const released = decideReleaseLot({ lotNumber: 'L1', releaseId: 'R1' }, foldQualityLot(passing), releaseIdsOf(passing), gates(passing), 'QE-4');
    expect(released).toEqual([{ type: 'LotReleased', data: { releaseId: 'R1', releasedBy: 'QE-4', gates: gates(passing) } }]);
    const again = [...passing, (released as E[])[0]];
    expect(decideReleaseLot({ lotNumber: 'L1', releaseId: 'R1' }, foldQualityLot(again), releaseIdsOf(again), gates(again), 'QE-4')).toMatchObject({
      kind: 'conflict',
    });
  });
});
