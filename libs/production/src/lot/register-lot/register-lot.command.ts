import { PRODUCTION_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { lotStreamId } from '../lot.events';
import { prototypeStreamOf } from '../lot.state';
import { RegisterLotDto } from './register-lot.dto';
import { RegisterLotCommand } from './register-lot.handler';

export const REGISTER_LOT = defineCommand({
  type: 'RegisterLot',
  payload: RegisterLotDto,
  command: RegisterLotCommand,
  roles: PRODUCTION_WRITERS,
  route: { path: '/v1/lots' },
  api: {
    summary: 'Register a lot',
    description: 'A lot number is registered once; a production lot (default) or received material (`kind: material`).',
    event: 'LotRegistered',
    example: { lotNumber: 'L-2026-0001', partNumber: 'PN-4711', partRevision: 'C', quantity: 500, unit: 'pcs', siteId: 'SITE-A', routingRevision: 'R3' },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
  reads: (p) => [prototypeStreamOf(p.lotNumber)],
});
