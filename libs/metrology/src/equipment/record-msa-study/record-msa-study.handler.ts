import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, loadVisible, Plan, RecordingCommand, reject } from '@lotstream/recording';
import { equipmentStreamId } from '../equipment.events';
import { equipmentOf } from '../equipment.state';
import { decideRecordMsaStudy } from './record-msa-study';
import type { RecordMsaStudyDto } from './record-msa-study.dto';

export class RecordMsaStudyCommand extends RecordingCommand<RecordMsaStudyDto> {}

@CommandHandler(RecordMsaStudyCommand)
export class RecordMsaStudyHandler implements ICommandHandler<RecordMsaStudyCommand, Plan> {
  async execute({ payload, view, actor }: RecordMsaStudyCommand): Promise<Plan> {
    const equipment = await loadVisible(
      view,
      equipmentStreamId(payload.equipmentId),
      equipmentOf,
      (e) => e.registered?.siteId,
      actor,
      () => reject('not-found', 'equipment-not-found', `Equipment ${payload.equipmentId} was not found.`),
    );
    if (isRejection(equipment)) return equipment;
    const decision = decideRecordMsaStudy(payload, equipment.state);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(equipment.stream, equipment.siteId, decision, payload.performedAt)] };
  }
}
