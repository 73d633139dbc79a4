import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { shipmentRefusal } from '@lotstream/sites';
import { loadLot } from '../lot-handler';
import { decideShipLot } from './ship-lot';
import type { ShipLotDto } from './ship-lot.dto';

export class ShipLotCommand extends RecordingCommand<ShipLotDto> {}

@CommandHandler(ShipLotCommand)
export class ShipLotHandler implements ICommandHandler<ShipLotCommand, Plan> {
  async execute({ payload, view, actor }: ShipLotCommand): Promise<Plan> {
    const lot = await loadLot(view, payload.lotNumber, actor);
    if (isRejection(lot)) return lot;
    const decision = decideShipLot(payload, lot.state);
    if (isRejection(decision)) return decision;
    const unreleased = await shipmentRefusal(view, lot.siteId, payload.lotNumber, lot.stream.events);
    if (unreleased) return unreleased;
    return { appends: [appendTo(lot.stream, lot.siteId, decision, payload.shippedAt)] };
  }
}
