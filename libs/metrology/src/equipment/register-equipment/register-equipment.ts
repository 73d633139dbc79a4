import { Decision, reject } from '@lotstream/domain';
import type { EquipmentKind, EquipmentRegistered } from '../equipment.events';
import type { EquipmentState } from '../equipment.state';

/** Put a gauge or a machine under calibration control. */
export interface RegisterEquipment {
  equipmentId: string;
  kind: EquipmentKind;
  description: string;
  siteId: string;
  calibrationIntervalDays: number;
  occurredAt?: string;
}

export function decideRegisterEquipment(command: RegisterEquipment, equipment: EquipmentState): Decision<EquipmentRegistered> {
  if (equipment.registered) {
    return reject('conflict', 'equipment-already-registered', `Equipment ${command.equipmentId} is already registered.`, 'equipmentId');
  }
  return [
    {
      type: 'EquipmentRegistered',
      data: {
        equipmentId: command.equipmentId,
        kind: command.kind,
        description: command.description,
        siteId: command.siteId,
        calibrationIntervalDays: command.calibrationIntervalDays,
      },
    },
  ];
}
