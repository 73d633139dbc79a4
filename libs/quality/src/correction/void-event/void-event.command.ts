import { defineCommand } from '@lotstream/recording';
import { lotStreamId } from '@lotstream/production/domain';
import { VoidEventBody, VoidEventDto } from './void-event.dto';
import { VoidEventCommand } from './void-event.handler';

export const VOID_EVENT = defineCommand({
  type: 'VoidEvent',
  payload: VoidEventDto,
  body: VoidEventBody,
  command: VoidEventCommand,
  // A signed quality decision: never an integration's.
  roles: ['quality'],
  route: { path: '/v1/lots/{lotNumber}/voids', params: [{ name: 'lotNumber', example: 'L-2026-0001' }] },
  api: {
    summary: 'Void a step, inspection, consumption or shipment (signed)',
    description:
      'Appends EventVoided and RecordSigned; the voided entry stays in the history, struck through. Unknown event → 404; another kind → 422 `event-not-correctable`; ' +
      'already voided → 409 `event-already-voided`; a void id is used once (409). A void after the release supersedes it.',
    event: 'EventVoided',
    example: {
      voidId: 'VOID-2026-0003',
      eventId: '0195f3c2-7a41-7d1e-9c3b-2f6a1e0c5d11',
      reason: 'Inspection recorded against the wrong lot',
      signature: { personId: 'QE-004', password: 'correct horse battery', meaning: 'approved' },
    },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
});
