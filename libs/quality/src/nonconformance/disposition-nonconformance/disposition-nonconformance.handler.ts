import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { canSeeSite } from '@lotstream/access';
import { lotOf, lotStreamId } from '@lotstream/production';
import { appendTo, isRejection, Plan, RecordingCommand, reject } from '@lotstream/recording';
import { decideDispositionNonconformance } from './disposition-nonconformance';
import type { DispositionNonconformanceDto } from './disposition-nonconformance.dto';

export class DispositionNonconformanceCommand extends RecordingCommand<DispositionNonconformanceDto> {}

@CommandHandler(DispositionNonconformanceCommand)
export class DispositionNonconformanceHandler implements ICommandHandler<DispositionNonconformanceCommand, Plan> {
  async execute({ payload, view, actor, now }: DispositionNonconformanceCommand): Promise<Plan> {
    const stream = await view.load(lotStreamId(payload.lotNumber));
    const lot = lotOf(stream);
    if (!lot.registered || !canSeeSite(actor, lot.registered.siteId)) {
      return reject('not-found', 'lot-not-found', `Lot ${payload.lotNumber} was not found.`);
    }
    const decision = decideDispositionNonconformance(payload, lot);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(stream, lot.registered.siteId, decision, payload.occurredAt ?? now)] };
  }
}
