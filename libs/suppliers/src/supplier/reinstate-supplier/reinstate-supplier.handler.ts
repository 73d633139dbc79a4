import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadSupplier } from '../supplier-handler';
import { decideReinstateSupplier } from './reinstate-supplier';
import type { ReinstateSupplierDto } from './reinstate-supplier.dto';

export class ReinstateSupplierCommand extends RecordingCommand<ReinstateSupplierDto> {}

@CommandHandler(ReinstateSupplierCommand)
export class ReinstateSupplierHandler implements ICommandHandler<ReinstateSupplierCommand, Plan> {
  async execute({ payload, view, actor, now }: ReinstateSupplierCommand): Promise<Plan> {
    const supplier = await loadSupplier(view, payload.supplierId, actor);
    if (isRejection(supplier)) return supplier;
    const decision = decideReinstateSupplier(payload, supplier.state);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(supplier.stream, supplier.siteId, decision, now)] };
  }
}
