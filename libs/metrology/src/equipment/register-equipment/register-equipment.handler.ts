import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertSiteWritable } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { equipmentStreamId } from '../equipment.events';
import { equipmentOf } from '../equipment.state';
import { decideRegisterEquipment } from './register-equipment';
import type { RegisterEquipmentDto } from './register-equipment.dto';

export class RegisterEquipmentCommand extends RecordingCommand<RegisterEquipmentDto> {}

@CommandHandler(RegisterEquipmentCommand)
export class RegisterEquipmentHandler implements ICommandHandler<RegisterEquipmentCommand, Plan> {
  async execute({ payload, view, actor, now }: RegisterEquipmentCommand): Promise<Plan> {
    assertSiteWritable(actor, payload.siteId);
    const stream = await view.load(equipmentStreamId(payload.equipmentId));
    const decision = decideRegisterEquipment(payload, equipmentOf(stream));
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(stream, payload.siteId, decision, payload.occurredAt ?? now)] };
  }
}
