import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertSiteWritable } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { lotStreamId } from '../lot.events';
import { lotOf, prototypeStreamOf } from '../lot.state';
import { decideRegisterLot } from './register-lot';
import type { RegisterLotDto } from './register-lot.dto';

export class RegisterLotCommand extends RecordingCommand<RegisterLotDto> {}

@CommandHandler(RegisterLotCommand)
export class RegisterLotHandler implements ICommandHandler<RegisterLotCommand, Plan> {
  async execute({ payload, view, actor, now }: RegisterLotCommand): Promise<Plan> {
    // The key names the site itself, so refusing it reveals nothing: 403 rather than 404.
    assertSiteWritable(actor, payload.siteId);
    const [stream, build] = await Promise.all([view.load(lotStreamId(payload.lotNumber)), view.load(prototypeStreamOf(payload.lotNumber))]);
    const decision = decideRegisterLot(payload, { lot: lotOf(stream), prototypeBuildExists: build.version > 0 });
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(stream, payload.siteId, decision, payload.occurredAt ?? now)] };
  }
}
