import { fold } from '@lotstream/domain';
import { equipmentDecider } from '../equipment.state';
import { decideRegisterEquipment, RegisterEquipment } from './register-equipment';

const command: RegisterEquipment = { equipmentId: 'G1', kind: 'gauge', description: 'Micrometer', siteId: 'S1', calibrationIntervalDays: 180 };

describe('RegisterEquipment', () => {
  it('registers new equipment', () => {
    const { occurredAt: _none, ...data } = command;
    expect(decideRegisterEquipment(command, equipmentDecider.initialState)).toEqual([{ type: 'EquipmentRegistered', data }]);
  });

  it('answers 409 when the equipment id is registered already', () => {
    const given = fold(equipmentDecider, decideRegisterEquipment(command, equipmentDecider.initialState) as never[]);
    expect(decideRegisterEquipment(command, given)).toMatchObject({ kind: 'conflict' });
  });
});
