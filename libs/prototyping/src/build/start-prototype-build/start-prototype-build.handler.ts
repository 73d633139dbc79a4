import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertSiteWritable } from '@lotstream/access';
import { lotStreamId } from '@lotstream/production';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { prototypeStreamId } from '../prototype.events';
import { prototypeOf } from '../prototype.state';
import { decideStartPrototypeBuild } from './start-prototype-build';
import type { StartPrototypeBuildDto } from './start-prototype-build.dto';

export class StartPrototypeBuildCommand extends RecordingCommand<StartPrototypeBuildDto> {}

@CommandHandler(StartPrototypeBuildCommand)
export class StartPrototypeBuildHandler implements ICommandHandler<StartPrototypeBuildCommand, Plan> {
  async execute({ payload, view, actor, now }: StartPrototypeBuildCommand): Promise<Plan> {
    assertSiteWritable(actor, payload.siteId);
    const [stream, lot] = await Promise.all([view.load(prototypeStreamId(payload.buildId)), view.load(lotStreamId(payload.buildId))]);
    const decision = decideStartPrototypeBuild(payload, { build: prototypeOf(stream), lotExists: lot.version > 0 });
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(stream, payload.siteId, decision, payload.occurredAt ?? now)] };
  }
}
