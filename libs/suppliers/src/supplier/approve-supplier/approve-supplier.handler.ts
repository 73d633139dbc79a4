import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadSupplier } from '../supplier-handler';
import { decideApproveSupplier } from './approve-supplier';
import type { ApproveSupplierDto } from './approve-supplier.dto';

export class ApproveSupplierCommand extends RecordingCommand<ApproveSupplierDto> {}

@CommandHandler(ApproveSupplierCommand)
export class ApproveSupplierHandler implements ICommandHandler<ApproveSupplierCommand, Plan> {
  async execute({ payload, view, actor, now }: ApproveSupplierCommand): Promise<Plan> {
    const supplier = await loadSupplier(view, payload.supplierId, actor);
    if (isRejection(supplier)) return supplier;
    const decision = decideApproveSupplier(payload, supplier.state);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(supplier.stream, supplier.siteId, decision, now)] };
  }
}
