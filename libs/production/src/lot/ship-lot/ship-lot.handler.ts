import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { canSeeSite } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand, reject } from '@lotstream/recording';
import { lotStreamId } from '../lot.events';
import { lotOf } from '../lot.state';
import { decideShipLot } from './ship-lot';
import type { ShipLotDto } from './ship-lot.dto';

export class ShipLotCommand extends RecordingCommand<ShipLotDto> {}

@CommandHandler(ShipLotCommand)
export class ShipLotHandler implements ICommandHandler<ShipLotCommand, Plan> {
  async execute({ payload, view, actor }: ShipLotCommand): Promise<Plan> {
    const stream = await view.load(lotStreamId(payload.lotNumber));
    const lot = lotOf(stream);
    if (!lot.registered || !canSeeSite(actor, lot.registered.siteId)) {
      return reject('not-found', 'lot-not-found', `Lot ${payload.lotNumber} was not found.`);
    }
    const decision = decideShipLot(payload, lot);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(stream, lot.registered.siteId, decision, payload.shippedAt)] };
  }
}
