import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { canSeeSite } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand, reject } from '@lotstream/recording';
import { equipmentStreamId } from '../equipment.events';
import { equipmentOf } from '../equipment.state';
import { decideRecordCalibration } from './record-calibration';
import type { RecordCalibrationDto } from './record-calibration.dto';

export class RecordCalibrationCommand extends RecordingCommand<RecordCalibrationDto> {}

@CommandHandler(RecordCalibrationCommand)
export class RecordCalibrationHandler implements ICommandHandler<RecordCalibrationCommand, Plan> {
  async execute({ payload, view, actor }: RecordCalibrationCommand): Promise<Plan> {
    const stream = await view.load(equipmentStreamId(payload.equipmentId));
    const equipment = equipmentOf(stream);
    if (!equipment.registered || !canSeeSite(actor, equipment.registered.siteId)) {
      return reject('not-found', 'equipment-not-found', `Equipment ${payload.equipmentId} was not found.`);
    }
    const decision = decideRecordCalibration(payload, equipment);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(stream, equipment.registered.siteId, decision, payload.performedAt)] };
  }
}
