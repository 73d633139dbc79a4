import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertSiteWritable } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { supplierStreamId } from '../supplier.events';
import { supplierOf } from '../supplier.state';
import { decideRegisterSupplier } from './register-supplier';
import type { RegisterSupplierDto } from './register-supplier.dto';

export class RegisterSupplierCommand extends RecordingCommand<RegisterSupplierDto> {}

@CommandHandler(RegisterSupplierCommand)
export class RegisterSupplierHandler implements ICommandHandler<RegisterSupplierCommand, Plan> {
  async execute({ payload, view, actor, now }: RegisterSupplierCommand): Promise<Plan> {
    for (const siteId of payload.siteIds) assertSiteWritable(actor, siteId);
    const stream = await view.load(supplierStreamId(payload.supplierId));
    const decision = decideRegisterSupplier(payload, supplierOf(stream));
    if (isRejection(decision)) return decision;
    // The stream is stored under the supplier's first site; visibility checks all of its sites.
    return { appends: [appendTo(stream, decision[0].data.siteIds[0], decision, payload.occurredAt ?? now)] };
  }
}
