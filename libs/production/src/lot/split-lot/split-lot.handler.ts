import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { canSeeSite } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand, reject } from '@lotstream/recording';
import { lotStreamId } from '../lot.events';
import { lotOf, prototypeStreamOf } from '../lot.state';
import { decideSplitLot } from './split-lot';
import type { SplitLotDto } from './split-lot.dto';

export class SplitLotCommand extends RecordingCommand<SplitLotDto> {}

@CommandHandler(SplitLotCommand)
export class SplitLotHandler implements ICommandHandler<SplitLotCommand, Plan> {
  async execute({ payload, view, actor, now }: SplitLotCommand): Promise<Plan> {
    const [parentStream, childStream, build] = await Promise.all([
      view.load(lotStreamId(payload.lotNumber)),
      view.load(lotStreamId(payload.childLotNumber)),
      view.load(prototypeStreamOf(payload.childLotNumber)),
    ]);
    const parent = lotOf(parentStream);
    if (!parent.registered || !canSeeSite(actor, parent.registered.siteId)) {
      return reject('not-found', 'lot-not-found', `Lot ${payload.lotNumber} was not found.`);
    }
    const decision = decideSplitLot(payload, { parent, child: lotOf(childStream), childIsPrototypeBuild: build.version > 0 });
    if (isRejection(decision)) return decision;
    const occurredAt = payload.occurredAt ?? now;
    const siteId = parent.registered.siteId;
    return { appends: [appendTo(parentStream, siteId, decision.parent, occurredAt), appendTo(childStream, siteId, decision.child, occurredAt)] };
  }
}
