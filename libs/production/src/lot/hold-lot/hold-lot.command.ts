import { QUALITY_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { lotStreamId } from '../lot.events';
import { HoldLotBody, HoldLotDto } from './hold-lot.dto';
import { HoldLotCommand } from './hold-lot.handler';

export const HOLD_LOT = defineCommand({
  type: 'HoldLot',
  payload: HoldLotDto,
  body: HoldLotBody,
  command: HoldLotCommand,
  roles: QUALITY_WRITERS,
  route: { path: '/v1/lots/{lotNumber}/holds', params: [{ name: 'lotNumber', example: 'M-77' }] },
  api: {
    summary: 'Put a lot (and, forward, every lot made from it) on hold',
    description:
      'One atomic append over every held lot (at most 10,000). Answers the write response plus `heldLots` and `shippedLots` (lots reached ' +
      'that already shipped: a recall matter). A held lot cannot be consumed, split or shipped (422 `lot-on-hold`). A hold id is used once per lot (409).',
    event: 'LotHeld',
    example: { holdId: 'HOLD-2026-031', reason: 'Material lot M-77 failed IQC re-test for hardness', scope: 'forward' },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
});
