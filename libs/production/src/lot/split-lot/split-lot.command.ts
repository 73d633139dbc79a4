import { PRODUCTION_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { lotStreamId } from '../lot.events';
import { prototypeStreamOf } from '../lot.state';
import { SplitLotBody, SplitLotDto } from './split-lot.dto';
import { SplitLotCommand } from './split-lot.handler';

export const SPLIT_LOT = defineCommand({
  type: 'SplitLot',
  payload: SplitLotDto,
  body: SplitLotBody,
  command: SplitLotCommand,
  roles: PRODUCTION_WRITERS,
  route: { path: '/v1/lots/{lotNumber}/splits', params: [{ name: 'lotNumber', example: 'L-2026-0001', description: '1–64 of [A-Za-z0-9._:/-]' }] },
  api: {
    summary: 'Split part of the lot into a new child lot',
    description: "The child is registered with the parent's part; its number must be new (409) and the quantity within what the parent has left (422).",
    event: 'LotSplit (and LotRegistered of the child)',
    example: { childLotNumber: 'L-2026-0001.B', quantity: 200 },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
  reads: (p) => [lotStreamId(p.childLotNumber), prototypeStreamOf(p.childLotNumber)],
});
