import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { reject } from '@lotstream/domain';
import { appendTo, isRejection, Plan, RecordingCommand, visibleStream } from '@lotstream/recording';
import { supplierStreamId } from '../supplier.events';
import { supplierOf } from '../supplier.state';
import { lotReceiptOf, lotReceiptStreamId } from './lot-receipt';
import { decideRecordReceivingInspection } from './record-receiving-inspection';
import type { RecordReceivingInspectionDto } from './record-receiving-inspection.dto';

export class RecordReceivingInspectionCommand extends RecordingCommand<RecordReceivingInspectionDto> {}

@CommandHandler(RecordReceivingInspectionCommand)
export class RecordReceivingInspectionHandler implements ICommandHandler<RecordReceivingInspectionCommand, Plan> {
  async execute({ payload, view, actor }: RecordReceivingInspectionCommand): Promise<Plan> {
    const lot = visibleStream(
      await view.load(lotReceiptStreamId(payload.lotNumber)),
      lotReceiptOf,
      (receipt) => receipt?.siteId,
      actor,
      () => reject('not-found', 'lot-not-found', `Lot ${payload.lotNumber} was not found.`),
    );
    if (isRejection(lot)) return lot;
    const registered = lot.state!;
    if (registered.kind !== 'material' || registered.supplierId === undefined) {
      return reject('rule', 'lot-not-from-registered-supplier', `Lot ${payload.lotNumber} is not a material lot of a registered supplier.`, 'lotNumber');
    }
    const supplierStream = await view.load(supplierStreamId(registered.supplierId));
    const decision = decideRecordReceivingInspection(
      payload,
      { lotNumber: registered.lotNumber, partNumber: registered.partNumber, quantity: registered.quantity },
      supplierOf(supplierStream),
    );
    if (isRejection(decision)) return decision;
    // The supplier's stream carries the switching state; the lot's own stream knows its IQC decision.
    const supplierSite = supplierOf(supplierStream).registered!.siteIds[0];
    return {
      appends: [appendTo(supplierStream, supplierSite, decision, payload.inspectedAt), appendTo(lot.stream, lot.siteId, decision, payload.inspectedAt)],
    };
  }
}
