import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { lotNotAcceptedRefusal } from '@lotstream/suppliers/domain';
import { visibleLot } from '../lot-handler';
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
    const parent = visibleLot(parentStream, payload.lotNumber, actor);
    if (isRejection(parent)) return parent;
    const decision = decideSplitLot(payload, { parent: parent.state, child: lotOf(childStream), childIsPrototypeBuild: build.version > 0 });
    if (isRejection(decision)) return decision;
    // Incoming inspection (issue 15): a not-accepted material lot is not split either, until released use-as-is.
    const notAccepted = lotNotAcceptedRefusal(payload.lotNumber, parentStream.events, 'lotNumber');
    if (notAccepted) return notAccepted;
    const occurredAt = payload.occurredAt ?? now;
    const siteId = parent.siteId;
    return { appends: [appendTo(parentStream, siteId, decision.parent, occurredAt), appendTo(childStream, siteId, decision.child, occurredAt)] };
  }
}
