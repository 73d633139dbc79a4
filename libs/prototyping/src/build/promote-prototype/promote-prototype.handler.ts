import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadBuild } from '../prototype-handler';
import { decidePromotePrototype } from './promote-prototype';
import type { PromotePrototypeDto } from './promote-prototype.dto';

export class PromotePrototypeCommand extends RecordingCommand<PromotePrototypeDto> {}

@CommandHandler(PromotePrototypeCommand)
export class PromotePrototypeHandler implements ICommandHandler<PromotePrototypeCommand, Plan> {
  async execute({ payload, view, actor, now }: PromotePrototypeCommand): Promise<Plan> {
    const loaded = await loadBuild(view, payload.buildId, actor);
    if (isRejection(loaded)) return loaded;
    const decision = decidePromotePrototype(payload, loaded.build);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(loaded.stream, loaded.build.started.siteId, decision, payload.occurredAt ?? now)] };
  }
}
