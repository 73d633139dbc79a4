import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { canSeeSite } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand, reject } from '@lotstream/recording';
import { senderStreamId } from '../b2mml-sender.events';
import { senderMappingOfStream } from '../b2mml-sender.state';
import { decideConfigureB2mmlSender } from './configure-b2mml-sender';
import type { ConfigureB2mmlSenderDto } from './configure-b2mml-sender.dto';

export class ConfigureB2mmlSenderCommand extends RecordingCommand<ConfigureB2mmlSenderDto> {}

@CommandHandler(ConfigureB2mmlSenderCommand)
export class ConfigureB2mmlSenderHandler implements ICommandHandler<ConfigureB2mmlSenderCommand, Plan> {
  async execute({ payload, view, actor, now }: ConfigureB2mmlSenderCommand): Promise<Plan> {
    if (!canSeeSite(actor, payload.siteId)) return reject('not-found', 'site-not-found', `Site ${payload.siteId} was not found.`);
    const stream = await view.load(senderStreamId(payload.logicalId));
    // A sender mapped to a site the key does not see answers like one that does not exist.
    const current = senderMappingOfStream(stream);
    if (current && !canSeeSite(actor, current.siteId)) return reject('not-found', 'b2mml-sender-not-found', `Sender ${payload.logicalId} was not found.`);
    const decision = decideConfigureB2mmlSender(payload);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(stream, payload.siteId, decision, now)] };
  }
}
