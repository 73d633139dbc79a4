import { PRODUCTION_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { lotStreamId } from '../lot.events';
import { ShipLotBody, ShipLotDto } from './ship-lot.dto';
import { ShipLotCommand } from './ship-lot.handler';

export const SHIP_LOT = defineCommand({
  type: 'ShipLot',
  payload: ShipLotDto,
  body: ShipLotBody,
  command: ShipLotCommand,
  roles: PRODUCTION_WRITERS,
  route: { path: '/v1/lots/{lotNumber}/shipments', params: [{ name: 'lotNumber', example: 'L-2026-0001', description: '1–64 of [A-Za-z0-9._:/-]' }] },
  api: {
    summary: 'Record a shipment of the lot',
    description: 'At most what the lot has left (422); a shipment id is recorded once per lot (409).',
    event: 'LotShipped',
    example: { shipmentId: 'SH-2026-0911', customer: 'Globex Automotive', quantity: 480, shippedAt: '2026-11-28T16:00:00Z' },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
});
