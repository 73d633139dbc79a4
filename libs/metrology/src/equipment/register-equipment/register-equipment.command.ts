import { METROLOGY_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { equipmentStreamId } from '../equipment.events';
import { RegisterEquipmentDto } from './register-equipment.dto';
import { RegisterEquipmentCommand } from './register-equipment.handler';

export const REGISTER_EQUIPMENT = defineCommand({
  type: 'RegisterEquipment',
  payload: RegisterEquipmentDto,
  command: RegisterEquipmentCommand,
  roles: METROLOGY_WRITERS,
  route: { path: '/v1/equipment' },
  api: {
    summary: 'Register a gauge or a machine',
    description: "An equipment id is registered once (409). A site outside the key's sites → 403.",
    event: 'EquipmentRegistered',
    example: {
      equipmentId: 'GAUGE-MIC-0042',
      kind: 'gauge',
      description: 'Outside micrometer 0–25 mm, 0.001 mm',
      siteId: 'SITE-A',
      calibrationIntervalDays: 180,
    },
  },
  streamOf: (p) => equipmentStreamId(p.equipmentId),
});
