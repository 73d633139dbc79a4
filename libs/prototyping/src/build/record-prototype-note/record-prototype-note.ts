import { Decision, reject } from '@lotstream/domain';
import type { PrototypeNoteAdded, PrototypeNoteKind } from '../prototype.events';
import type { PrototypeState } from '../prototype.state';

/** What the people building the prototype decided, deviated from, or ran into; allowed at any time. */
export interface RecordPrototypeNote {
  buildId: string;
  kind: PrototypeNoteKind;
  text: string;
  occurredAt?: string;
}

export function decideRecordPrototypeNote(command: RecordPrototypeNote, build: PrototypeState): Decision<PrototypeNoteAdded> {
  if (!build.started) return reject('not-found', 'build-not-found', `Prototype build ${command.buildId} was not found.`);
  return [{ type: 'PrototypeNoteAdded', data: { kind: command.kind, text: command.text } }];
}
