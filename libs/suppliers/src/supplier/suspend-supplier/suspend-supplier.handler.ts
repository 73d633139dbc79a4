import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadSupplier } from '../supplier-handler';
import { decideSuspendSupplier } from './suspend-supplier';
import type { SuspendSupplierDto } from './suspend-supplier.dto';

export class SuspendSupplierCommand extends RecordingCommand<SuspendSupplierDto> {}

@CommandHandler(SuspendSupplierCommand)
export class SuspendSupplierHandler implements ICommandHandler<SuspendSupplierCommand, Plan> {
  async execute({ payload, view, actor, now }: SuspendSupplierCommand): Promise<Plan> {
    const supplier = await loadSupplier(view, payload.supplierId, actor);
    if (isRejection(supplier)) return supplier;
    const decision = decideSuspendSupplier(payload, supplier.state);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(supplier.stream, supplier.siteId, decision, now)] };
  }
}
