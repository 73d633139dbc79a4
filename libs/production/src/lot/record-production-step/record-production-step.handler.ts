import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { canSeeSite } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand, reject } from '@lotstream/recording';
import { lotStreamId } from '../lot.events';
import { lotOf } from '../lot.state';
import { decideRecordProductionStep } from './record-production-step';
import type { RecordProductionStepDto } from './record-production-step.dto';

export class RecordProductionStepCommand extends RecordingCommand<RecordProductionStepDto> {}

@CommandHandler(RecordProductionStepCommand)
export class RecordProductionStepHandler implements ICommandHandler<RecordProductionStepCommand, Plan> {
  async execute({ payload, view, actor }: RecordProductionStepCommand): Promise<Plan> {
    const stream = await view.load(lotStreamId(payload.lotNumber));
    const lot = lotOf(stream);
    if (!lot.registered || !canSeeSite(actor, lot.registered.siteId)) {
      return reject('not-found', 'lot-not-found', `Lot ${payload.lotNumber} was not found.`);
    }
    const decision = decideRecordProductionStep(payload, lot);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(stream, lot.registered.siteId, decision, payload.completedAt)] };
  }
}
