import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { loadLot } from '@lotstream/production';
import { qualityLotOf } from '../../lot-quality/lot-quality.state';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { decideDispositionNonconformance } from './disposition-nonconformance';
import type { DispositionNonconformanceDto } from './disposition-nonconformance.dto';

export class DispositionNonconformanceCommand extends RecordingCommand<DispositionNonconformanceDto> {}

@CommandHandler(DispositionNonconformanceCommand)
export class DispositionNonconformanceHandler implements ICommandHandler<DispositionNonconformanceCommand, Plan> {
  async execute({ payload, view, actor, now }: DispositionNonconformanceCommand): Promise<Plan> {
    const lot = await loadLot(view, payload.lotNumber, actor);
    if (isRejection(lot)) return lot;
    const decision = decideDispositionNonconformance(payload, qualityLotOf(lot.stream));
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(lot.stream, lot.siteId, decision, payload.occurredAt ?? now)] };
  }
}
