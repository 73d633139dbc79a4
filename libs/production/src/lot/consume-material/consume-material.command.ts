import { PRODUCTION_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { lotStreamId } from '../lot.events';
import { ConsumeMaterialBody, ConsumeMaterialDto } from './consume-material.dto';
import { ConsumeMaterialCommand } from './consume-material.handler';

export const CONSUME_MATERIAL = defineCommand({
  type: 'ConsumeMaterial',
  payload: ConsumeMaterialDto,
  body: ConsumeMaterialBody,
  command: ConsumeMaterialCommand,
  roles: PRODUCTION_WRITERS,
  route: { path: '/v1/lots/{lotNumber}/consumptions', params: [{ name: 'lotNumber', example: 'L-2026-0001', description: '1–64 of [A-Za-z0-9._:/-]' }] },
  api: {
    summary: 'Record material consumed by the lot',
    description:
      'Genealogy edge input → this lot, written on both lots at once (MaterialConsumed here, MaterialIssued on the input). ' +
      "An unknown input lot, a cycle, a unit other than the input lot's or more than it has left → 422.",
    event: 'MaterialConsumed (and MaterialIssued on the input lot)',
    example: { inputLotNumber: 'M-2026-0042', quantity: 12.5, unit: 'kg', stepId: 'OP10' },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
  reads: (p) => [lotStreamId(p.inputLotNumber)],
});
