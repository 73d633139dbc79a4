import { PROTOTYPE_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { prototypeStreamId } from '../prototype.events';
import { RecordPrototypeNoteBody, RecordPrototypeNoteDto } from './record-prototype-note.dto';
import { RecordPrototypeNoteCommand } from './record-prototype-note.handler';

export const RECORD_PROTOTYPE_NOTE = defineCommand({
  type: 'RecordPrototypeNote',
  payload: RecordPrototypeNoteDto,
  body: RecordPrototypeNoteBody,
  command: RecordPrototypeNoteCommand,
  roles: PROTOTYPE_WRITERS,
  route: { path: '/v1/prototypes/{buildId}/notes', params: [{ name: 'buildId', example: 'PB-2026-007' }] },
  api: {
    summary: 'Add a note (decision, deviation, issue) to the build',
    event: 'PrototypeNoteAdded',
    example: { kind: 'decision', text: 'Wall thickness raised to 1.2 mm after chatter on the first piece.' },
  },
  streamOf: (p) => prototypeStreamId(p.buildId),
});
