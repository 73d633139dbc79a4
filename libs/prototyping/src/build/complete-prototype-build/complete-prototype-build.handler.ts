import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadBuild } from '../prototype-handler';
import { decideCompletePrototypeBuild } from './complete-prototype-build';
import type { CompletePrototypeBuildDto } from './complete-prototype-build.dto';

export class CompletePrototypeBuildCommand extends RecordingCommand<CompletePrototypeBuildDto> {}

@CommandHandler(CompletePrototypeBuildCommand)
export class CompletePrototypeBuildHandler implements ICommandHandler<CompletePrototypeBuildCommand, Plan> {
  async execute({ payload, view, actor, now }: CompletePrototypeBuildCommand): Promise<Plan> {
    const loaded = await loadBuild(view, payload.buildId, actor);
    if (isRejection(loaded)) return loaded;
    const decision = decideCompletePrototypeBuild(payload, loaded.build);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(loaded.stream, loaded.build.started.siteId, decision, payload.occurredAt ?? now)] };
  }
}
