import { defineCommand } from '@lotstream/recording';
import { lotStreamId } from '../lot.events';
import { ReleaseHoldBody, ReleaseHoldDto } from './release-hold.dto';
import { ReleaseHoldCommand } from './release-hold.handler';

export const RELEASE_HOLD = defineCommand({
  type: 'ReleaseHold',
  payload: ReleaseHoldDto,
  body: ReleaseHoldBody,
  command: ReleaseHoldCommand,
  // A signed quality decision: never an integration's.
  roles: ['quality'],
  route: {
    path: '/v1/lots/{lotNumber}/holds/{holdId}/release',
    params: [
      { name: 'lotNumber', example: 'M-77' },
      { name: 'holdId', example: 'HOLD-2026-031' },
    ],
  },
  api: {
    summary: 'Release a hold (signed)',
    description:
      'Appends LotHoldReleased and RecordSigned (bound to the lot stream version and hash the signer saw). Released on the origin of a forward hold, ' +
      'the hold is released on every lot it still holds. Unknown hold → 404; already released → 409; rejected signature → 403 `signature-rejected`, nothing stored on the lot.',
    event: 'LotHoldReleased',
    example: {
      reason: 'Re-test of M-77 hardness passed; lab report LR-2026-118',
      signature: { personId: 'QE-004', password: 'correct horse battery', meaning: 'approved' },
    },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
});
