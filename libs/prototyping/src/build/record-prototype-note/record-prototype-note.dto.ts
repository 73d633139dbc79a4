import { EnumField, IdField, TextField, TimestampField } from '@lotstream/recording';
import type { PrototypeNoteKind } from '../prototype.events';
import type { RecordPrototypeNote } from './record-prototype-note';

export class RecordPrototypeNoteBody implements Omit<RecordPrototypeNote, 'buildId'> {
  @EnumField(['decision', 'deviation', 'issue'], 'decision') kind: PrototypeNoteKind;
  @TextField('Wall thickness raised to 1.2 mm after chatter on the first piece.') text: string;
  @TimestampField('2026-10-02T14:00:00Z', false, 'When it happened; server time if omitted.') occurredAt?: string;
}

export class RecordPrototypeNoteDto extends RecordPrototypeNoteBody implements RecordPrototypeNote {
  @IdField('PB-2026-007') buildId: string;
}
