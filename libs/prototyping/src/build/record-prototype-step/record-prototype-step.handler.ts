import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadBuild } from '../prototype-handler';
import { decideRecordPrototypeStep } from './record-prototype-step';
import type { RecordPrototypeStepDto } from './record-prototype-step.dto';

export class RecordPrototypeStepCommand extends RecordingCommand<RecordPrototypeStepDto> {}

@CommandHandler(RecordPrototypeStepCommand)
export class RecordPrototypeStepHandler implements ICommandHandler<RecordPrototypeStepCommand, Plan> {
  async execute({ payload, view, actor }: RecordPrototypeStepCommand): Promise<Plan> {
    const loaded = await loadBuild(view, payload.buildId, actor);
    if (isRejection(loaded)) return loaded;
    const decision = decideRecordPrototypeStep(payload, loaded.build);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(loaded.stream, loaded.build.started.siteId, decision, payload.completedAt)] };
  }
}
