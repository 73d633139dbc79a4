import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadBuild } from '../prototype-handler';
import { decideRecordPrototypeNote } from './record-prototype-note';
import type { RecordPrototypeNoteDto } from './record-prototype-note.dto';

export class RecordPrototypeNoteCommand extends RecordingCommand<RecordPrototypeNoteDto> {}

@CommandHandler(RecordPrototypeNoteCommand)
export class RecordPrototypeNoteHandler implements ICommandHandler<RecordPrototypeNoteCommand, Plan> {
  async execute({ payload, view, actor, now }: RecordPrototypeNoteCommand): Promise<Plan> {
    const loaded = await loadBuild(view, payload.buildId, actor);
    if (isRejection(loaded)) return loaded;
    const decision = decideRecordPrototypeNote(payload, loaded.build);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(loaded.stream, loaded.build.started.siteId, decision, payload.occurredAt ?? now)] };
  }
}
