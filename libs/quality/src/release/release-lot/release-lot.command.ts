import { defineCommand } from '@lotstream/recording';
import { lotStreamId } from '@lotstream/production/domain';
import { ReleaseLotBody, ReleaseLotDto } from './release-lot.dto';
import { ReleaseLotCommand } from './release-lot.handler';

export const RELEASE_LOT = defineCommand({
  type: 'ReleaseLot',
  payload: ReleaseLotDto,
  body: ReleaseLotBody,
  command: ReleaseLotCommand,
  // A signed quality decision: never an integration's.
  roles: ['quality'],
  route: { path: '/v1/lots/{lotNumber}/release', params: [{ name: 'lotNumber', example: 'L-2026-0001' }] },
  api: {
    summary: 'Release the lot for shipment (signed)',
    description:
      'Appends LotReleased with the gates as evaluated from the lot stream, and RecordSigned. A failed gate → 422 `release-gates-failed` listing them, ' +
      'nothing stored; rejected signature → 403 `signature-rejected`; a release id is used once (409).',
    event: 'LotReleased',
    example: { releaseId: 'REL-2026-0042', signature: { personId: 'QE-004', password: 'correct horse battery', meaning: 'released' } },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
});
