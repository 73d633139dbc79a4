import { Decision, reject } from '@lotstream/domain';
import type { CalibrationRecorded, ToleranceState } from '../equipment.events';
import type { EquipmentState } from '../equipment.state';

/** A calibration: state as found (before adjustment) and as left, and when the next one is due. */
export interface RecordCalibration {
  equipmentId: string;
  calibrationId: string;
  performedAt: string;
  asFound: ToleranceState;
  asLeft: ToleranceState;
  nextDueAt: string;
  certificateRef: string;
  performedBy: string;
}

export function decideRecordCalibration(command: RecordCalibration, equipment: EquipmentState): Decision<CalibrationRecorded> {
  if (!equipment.registered) return reject('not-found', 'equipment-not-found', `Equipment ${command.equipmentId} was not found.`);
  if (equipment.calibrationIds.has(command.calibrationId)) {
    return reject('conflict', 'calibration-already-recorded', `Calibration ${command.calibrationId} is already recorded.`, 'calibrationId');
  }
  if (Date.parse(command.nextDueAt) <= Date.parse(command.performedAt)) {
    return reject('rule', 'next-due-not-after-performed', 'nextDueAt must be after performedAt.', 'nextDueAt');
  }
  return [
    {
      type: 'CalibrationRecorded',
      data: {
        calibrationId: command.calibrationId,
        performedAt: command.performedAt,
        asFound: command.asFound,
        asLeft: command.asLeft,
        nextDueAt: command.nextDueAt,
        certificateRef: command.certificateRef,
        performedBy: command.performedBy,
      },
    },
  ];
}
