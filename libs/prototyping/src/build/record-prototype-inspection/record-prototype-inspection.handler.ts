import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { gaugeFacts } from '@lotstream/quality';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadBuild } from '../prototype-handler';
import { decideRecordPrototypeInspection } from './record-prototype-inspection';
import type { RecordPrototypeInspectionDto } from './record-prototype-inspection.dto';

export class RecordPrototypeInspectionCommand extends RecordingCommand<RecordPrototypeInspectionDto> {}

@CommandHandler(RecordPrototypeInspectionCommand)
export class RecordPrototypeInspectionHandler implements ICommandHandler<RecordPrototypeInspectionCommand, Plan> {
  async execute({ payload, view, actor }: RecordPrototypeInspectionCommand): Promise<Plan> {
    const loaded = await loadBuild(view, payload.buildId, actor);
    if (isRejection(loaded)) return loaded;
    const decision = decideRecordPrototypeInspection(payload, { build: loaded.build, gauge: await gaugeFacts(view, payload.gaugeId, actor) });
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(loaded.stream, loaded.build.started.siteId, decision, payload.inspectedAt)] };
  }
}
