import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertSiteWritable } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { siteStreamId } from '../site-policy.events';
import { decideSetSitePolicy } from './set-site-policy';
import type { SetSitePolicyDto } from './set-site-policy.dto';

export class SetSitePolicyCommand extends RecordingCommand<SetSitePolicyDto> {}

@CommandHandler(SetSitePolicyCommand)
export class SetSitePolicyHandler implements ICommandHandler<SetSitePolicyCommand, Plan> {
  async execute({ payload, view, actor, now }: SetSitePolicyCommand): Promise<Plan> {
    assertSiteWritable(actor, payload.siteId);
    const stream = await view.load(siteStreamId(payload.siteId));
    const decision = decideSetSitePolicy(payload);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(stream, payload.siteId, decision, now)] };
  }
}
