import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { canSeeSite } from '@lotstream/access';
import { lotOf, lotStreamId } from '@lotstream/production';
import { appendTo, isRejection, Plan, RecordingCommand, reject } from '@lotstream/recording';
import { decideRaiseNonconformance } from './raise-nonconformance';
import type { RaiseNonconformanceDto } from './raise-nonconformance.dto';

export class RaiseNonconformanceCommand extends RecordingCommand<RaiseNonconformanceDto> {}

@CommandHandler(RaiseNonconformanceCommand)
export class RaiseNonconformanceHandler implements ICommandHandler<RaiseNonconformanceCommand, Plan> {
  async execute({ payload, view, actor, now }: RaiseNonconformanceCommand): Promise<Plan> {
    const stream = await view.load(lotStreamId(payload.lotNumber));
    const lot = lotOf(stream);
    if (!lot.registered || !canSeeSite(actor, lot.registered.siteId)) {
      return reject('not-found', 'lot-not-found', `Lot ${payload.lotNumber} was not found.`);
    }
    const decision = decideRaiseNonconformance(payload, lot);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(stream, lot.registered.siteId, decision, payload.occurredAt ?? now)] };
  }
}
