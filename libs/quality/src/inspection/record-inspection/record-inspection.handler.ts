import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, canSeeSite } from '@lotstream/access';
import { equipmentOf, equipmentStreamId } from '@lotstream/metrology';
import { loadLot } from '@lotstream/production';
import { qualityLotOf } from '../../lot-quality/lot-quality.state';
import { appendTo, isRejection, Plan, RecordingCommand, StreamView } from '@lotstream/recording';
import { inspectionRefusal } from '@lotstream/sites';
import { INSPECTION_RECORDED_SCHEMA_VERSION } from '../inspection.events';
import type { GaugeFacts } from '../verdict';
import { decideRecordInspection } from './record-inspection';
import type { RecordInspectionDto } from './record-inspection.dto';

export class RecordInspectionCommand extends RecordingCommand<RecordInspectionDto> {}

/** The gauge as the writer may see it: equipment of another site counts as unknown. */
export async function gaugeFacts(view: StreamView, gaugeId: string, actor: Actor): Promise<GaugeFacts> {
  const equipment = equipmentOf(await view.load(equipmentStreamId(gaugeId)));
  if (!equipment.registered || !canSeeSite(actor, equipment.registered.siteId)) return { registered: false };
  return { registered: true, kind: equipment.registered.kind };
}

@CommandHandler(RecordInspectionCommand)
export class RecordInspectionHandler implements ICommandHandler<RecordInspectionCommand, Plan> {
  async execute({ payload, view, actor }: RecordInspectionCommand): Promise<Plan> {
    const lot = await loadLot(view, payload.lotNumber, actor);
    if (isRejection(lot)) return lot;
    const decision = decideRecordInspection(payload, { lot: qualityLotOf(lot.stream), gauge: await gaugeFacts(view, payload.gaugeId, actor) });
    if (isRejection(decision)) return decision;
    const refusal = await inspectionRefusal(view, lot.siteId, payload);
    if (refusal) return refusal;
    return {
      appends: [appendTo(lot.stream, lot.siteId, decision, payload.inspectedAt, { InspectionRecorded: INSPECTION_RECORDED_SCHEMA_VERSION })],
    };
  }
}
