import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { canSeeSite } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand, reject } from '@lotstream/recording';
import { siteStreamId } from '../site-policy.events';
import { decideSetSitePolicy } from './set-site-policy';
import type { SetSitePolicyDto } from './set-site-policy.dto';

export class SetSitePolicyCommand extends RecordingCommand<SetSitePolicyDto> {}

@CommandHandler(SetSitePolicyCommand)
export class SetSitePolicyHandler implements ICommandHandler<SetSitePolicyCommand, Plan> {
  async execute({ payload, view, actor, now }: SetSitePolicyCommand): Promise<Plan> {
    // A site the key does not see answers like one that does not exist, as the GET does.
    if (!canSeeSite(actor, payload.siteId)) return reject('not-found', 'site-not-found', `Site ${payload.siteId} was not found.`);
    const stream = await view.load(siteStreamId(payload.siteId));
    const decision = decideSetSitePolicy(payload);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(stream, payload.siteId, decision, now)] };
  }
}
