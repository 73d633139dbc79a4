import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { loadLot } from '@lotstream/production';
import { qualityLotOf } from '../../lot-quality/lot-quality.state';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { decideRaiseNonconformance } from './raise-nonconformance';
import type { RaiseNonconformanceDto } from './raise-nonconformance.dto';

export class RaiseNonconformanceCommand extends RecordingCommand<RaiseNonconformanceDto> {}

@CommandHandler(RaiseNonconformanceCommand)
export class RaiseNonconformanceHandler implements ICommandHandler<RaiseNonconformanceCommand, Plan> {
  async execute({ payload, view, actor, now }: RaiseNonconformanceCommand): Promise<Plan> {
    const lot = await loadLot(view, payload.lotNumber, actor);
    if (isRejection(lot)) return lot;
    const decision = decideRaiseNonconformance(payload, qualityLotOf(lot.stream));
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(lot.stream, lot.siteId, decision, payload.occurredAt ?? now)] };
  }
}
