import { fold } from '@lotstream/domain';
import { equipmentDecider } from '../equipment.state';
import { decideRecordCalibration, RecordCalibration } from './record-calibration';

const registered = {
  type: 'EquipmentRegistered' as const,
  data: { equipmentId: 'G1', kind: 'gauge' as const, description: 'Mic', siteId: 'S1', calibrationIntervalDays: 180 },
};
const command: RecordCalibration = {
  equipmentId: 'G1',
  calibrationId: 'C1',
  performedAt: '2026-01-01T10:00:00Z',
  asFound: 'out-of-tolerance',
  asLeft: 'in-tolerance',
  nextDueAt: '2026-07-01T10:00:00Z',
  certificateRef: 'CERT-1',
  performedBy: 'Lab',
};

describe('RecordCalibration', () => {
  it('records a calibration of registered equipment', () => {
    const { equipmentId: _id, ...data } = command;
    expect(decideRecordCalibration(command, fold(equipmentDecider, [registered]))).toEqual([{ type: 'CalibrationRecorded', data }]);
  });

  it('answers 404 for equipment that is not registered', () => {
    expect(decideRecordCalibration(command, equipmentDecider.initialState)).toMatchObject({ kind: 'not-found' });
  });

  it('refuses a next due date that is not after the calibration (422)', () => {
    expect(decideRecordCalibration({ ...command, nextDueAt: '2026-01-01T11:00:00+01:00' }, fold(equipmentDecider, [registered]))).toMatchObject({
      kind: 'rule',
      code: 'next-due-not-after-performed',
    });
  });

  it('answers 409 for a calibration id already recorded', () => {
    const { equipmentId: _id, ...data } = command;
    const given = fold(equipmentDecider, [registered, { type: 'CalibrationRecorded' as const, data }]);
    expect(decideRecordCalibration(command, given)).toMatchObject({ kind: 'conflict' });
  });
});
