import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, loadVisible, Plan, RecordingCommand, reject } from '@lotstream/recording';
import { equipmentStreamId } from '../equipment.events';
import { equipmentOf } from '../equipment.state';
import { decideRecordCalibration } from './record-calibration';
import type { RecordCalibrationDto } from './record-calibration.dto';

export class RecordCalibrationCommand extends RecordingCommand<RecordCalibrationDto> {}

@CommandHandler(RecordCalibrationCommand)
export class RecordCalibrationHandler implements ICommandHandler<RecordCalibrationCommand, Plan> {
  async execute({ payload, view, actor }: RecordCalibrationCommand): Promise<Plan> {
    const equipment = await loadVisible(
      view,
      equipmentStreamId(payload.equipmentId),
      equipmentOf,
      (e) => e.registered?.siteId,
      actor,
      () => reject('not-found', 'equipment-not-found', `Equipment ${payload.equipmentId} was not found.`),
    );
    if (isRejection(equipment)) return equipment;
    const decision = decideRecordCalibration(payload, equipment.state);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(equipment.stream, equipment.siteId, decision, payload.performedAt)] };
  }
}
