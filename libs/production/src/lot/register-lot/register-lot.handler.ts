import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertSiteWritable } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { siteStreamId, sitePolicyOf } from '@lotstream/sites';
import { approvalFor, supplierOf, supplierStreamId } from '@lotstream/suppliers/domain';
import { lotStreamId } from '../lot.events';
import { lotOf, prototypeStreamOf } from '../lot.state';
import { decideRegisterLot } from './register-lot';
import type { RegisterLotDto } from './register-lot.dto';

export class RegisterLotCommand extends RecordingCommand<RegisterLotDto> {}

@CommandHandler(RegisterLotCommand)
export class RegisterLotHandler implements ICommandHandler<RegisterLotCommand, Plan> {
  async execute({ payload, view, actor, now }: RegisterLotCommand): Promise<Plan> {
    // The key names the site itself, so refusing it reveals nothing: 403 rather than 404.
    assertSiteWritable(actor, payload.siteId);
    const [stream, build] = await Promise.all([view.load(lotStreamId(payload.lotNumber)), view.load(prototypeStreamOf(payload.lotNumber))]);
    const decision = decideRegisterLot(payload, {
      lot: lotOf(stream),
      prototypeBuildExists: build.version > 0,
      supplierCheck: payload.supplierId !== undefined ? await this.supplierCheck(view, payload, now) : undefined,
    });
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(stream, payload.siteId, decision, payload.occurredAt ?? now)] };
  }

  /** The supplier's approval for the part at receivedAt, read from its stream; a supplier not serving the site counts as unregistered. */
  private async supplierCheck(view: RegisterLotCommand['view'], payload: RegisterLotDto, now: string) {
    const [supplierStream, siteStream] = await Promise.all([view.load(supplierStreamId(payload.supplierId!)), view.load(siteStreamId(payload.siteId))]);
    const supplier = supplierOf(supplierStream);
    const receivedAt = payload.receivedAt ?? payload.occurredAt ?? now;
    return {
      registered: supplier.registered?.siteIds.includes(payload.siteId) ?? false,
      approved: approvalFor(supplier, payload.partNumber, receivedAt) !== undefined,
      refuse: sitePolicyOf(siteStream).supplierApproval === 'refuse',
      receivedAt,
    };
  }
}
