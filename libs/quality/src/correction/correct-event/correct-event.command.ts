import { defineCommand } from '@lotstream/recording';
import { lotStreamId } from '@lotstream/production/domain';
import { CorrectEventBody, CorrectEventDto } from './correct-event.dto';
import { CorrectEventCommand } from './correct-event.handler';

export const CORRECT_EVENT = defineCommand({
  type: 'CorrectEvent',
  payload: CorrectEventDto,
  body: CorrectEventBody,
  command: CorrectEventCommand,
  // A signed quality decision: never an integration's.
  roles: ['quality'],
  route: { path: '/v1/lots/{lotNumber}/corrections', params: [{ name: 'lotNumber', example: 'L-2026-0001' }] },
  api: {
    summary: 'Correct a step, inspection, consumption or shipment (signed)',
    description:
      'Appends EventCorrected (the corrected fields and what they were) and RecordSigned; the original stays in the history. ' +
      'Unknown event → 404 `event-not-found`; another kind of event → 422 `event-not-correctable`; an id or other non-data field → 422 `field-not-correctable`; ' +
      'a voided event → 409 `event-voided`; a correction id is used once (409). A correction after the release supersedes it.',
    event: 'EventCorrected',
    example: {
      correctionId: 'COR-2026-0007',
      eventId: '0195f3c2-7a41-7d1e-9c3b-2f6a1e0c5d11',
      reason: 'Measurements transcribed from the wrong sheet; gauge print-out GP-2026-118',
      corrected: { measurements: [25.01, 24.99, 25.0, 25.02, 24.98] },
      signature: { personId: 'QE-004', password: 'correct horse battery', meaning: 'approved' },
    },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
});
