import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadSupplier } from '../supplier-handler';
import { decideResumeSampling } from './resume-sampling';
import type { ResumeSamplingDto } from './resume-sampling.dto';

export class ResumeSamplingCommand extends RecordingCommand<ResumeSamplingDto> {}

@CommandHandler(ResumeSamplingCommand)
export class ResumeSamplingHandler implements ICommandHandler<ResumeSamplingCommand, Plan> {
  async execute({ payload, view, actor, now }: ResumeSamplingCommand): Promise<Plan> {
    const supplier = await loadSupplier(view, payload.supplierId, actor);
    if (isRejection(supplier)) return supplier;
    const decision = decideResumeSampling(payload, supplier.state);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(supplier.stream, supplier.siteId, decision, now)] };
  }
}
