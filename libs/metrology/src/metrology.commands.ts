import { METROLOGY_WRITERS } from '@lotstream/access';
import type { CommandDefinition } from '@lotstream/recording';
import { equipmentStreamId } from './equipment/equipment.events';
import { RecordCalibrationDto } from './equipment/record-calibration/record-calibration.dto';
import { RecordCalibrationCommand } from './equipment/record-calibration/record-calibration.handler';
import { RegisterEquipmentDto } from './equipment/register-equipment/register-equipment.dto';
import { RegisterEquipmentCommand } from './equipment/register-equipment/register-equipment.handler';

/** Metrology write commands by type, for POST /v1/batch and the Kafka MES intake. */
export const metrologyCommands: CommandDefinition[] = [
  {
    type: 'RegisterEquipment',
    payload: RegisterEquipmentDto,
    command: RegisterEquipmentCommand,
    roles: METROLOGY_WRITERS,
    streamOf: (p: RegisterEquipmentDto) => equipmentStreamId(p.equipmentId),
  },
  {
    type: 'RecordCalibration',
    payload: RecordCalibrationDto,
    command: RecordCalibrationCommand,
    roles: METROLOGY_WRITERS,
    streamOf: (p: RecordCalibrationDto) => equipmentStreamId(p.equipmentId),
  },
];
