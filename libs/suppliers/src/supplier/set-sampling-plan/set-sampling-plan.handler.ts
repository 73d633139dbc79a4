import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadSupplier } from '../supplier-handler';
import { decideSetSamplingPlan } from './set-sampling-plan';
import type { SetSamplingPlanDto } from './set-sampling-plan.dto';

export class SetSamplingPlanCommand extends RecordingCommand<SetSamplingPlanDto> {}

@CommandHandler(SetSamplingPlanCommand)
export class SetSamplingPlanHandler implements ICommandHandler<SetSamplingPlanCommand, Plan> {
  async execute({ payload, view, actor, now }: SetSamplingPlanCommand): Promise<Plan> {
    const supplier = await loadSupplier(view, payload.supplierId, actor);
    if (isRejection(supplier)) return supplier;
    const decision = decideSetSamplingPlan(payload, supplier.state);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(supplier.stream, supplier.siteId, decision, now)] };
  }
}
