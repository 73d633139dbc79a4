import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { stepRefusal } from '@lotstream/sites';
import { loadLot } from '../lot-handler';
import { decideRecordProductionStep } from './record-production-step';
import type { RecordProductionStepDto } from './record-production-step.dto';

export class RecordProductionStepCommand extends RecordingCommand<RecordProductionStepDto> {}

@CommandHandler(RecordProductionStepCommand)
export class RecordProductionStepHandler implements ICommandHandler<RecordProductionStepCommand, Plan> {
  async execute({ payload, view, actor }: RecordProductionStepCommand): Promise<Plan> {
    const lot = await loadLot(view, payload.lotNumber, actor);
    if (isRejection(lot)) return lot;
    const decision = decideRecordProductionStep(payload, lot.state);
    if (isRejection(decision)) return decision;
    const refusal = await stepRefusal(view, lot.siteId, payload);
    if (refusal) return refusal;
    return { appends: [appendTo(lot.stream, lot.siteId, decision, payload.completedAt)] };
  }
}
