import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand, StreamView } from '@lotstream/recording';
import { loadLot } from '../lot-handler';
import { lotStreamId } from '../lot.events';
import { lotOf } from '../lot.state';
import { decideHoldLot, MAX_HELD_LOTS, ReachedLot } from './hold-lot';
import type { HoldLotDto } from './hold-lot.dto';

export class HoldLotCommand extends RecordingCommand<HoldLotDto> {}

/** Every lot reached forward from `lotNumber` through the lot streams (issued to, split into), breadth first; stops past the limit. */
async function reachForward(view: StreamView, lotNumber: string, first: readonly string[]): Promise<ReachedLot[]> {
  const seen = new Set([lotNumber]);
  const reached: ReachedLot[] = [];
  let frontier = [...first];
  while (frontier.length > 0 && reached.length <= MAX_HELD_LOTS) {
    const next: string[] = [];
    const states = await Promise.all(
      frontier.filter((n) => !seen.has(n) && seen.add(n)).map(async (n) => ({ lotNumber: n, state: lotOf(await view.load(lotStreamId(n))) })),
    );
    for (const r of states) {
      if (!r.state.registered) continue;
      reached.push(r);
      next.push(...r.state.successors);
    }
    frontier = next;
  }
  return reached;
}

/** One atomic append over the addressed lot and, for a forward hold, every lot held with it. */
@CommandHandler(HoldLotCommand)
export class HoldLotHandler implements ICommandHandler<HoldLotCommand, Plan> {
  async execute({ payload, view, actor, now }: HoldLotCommand): Promise<Plan> {
    const lot = await loadLot(view, payload.lotNumber, actor);
    if (isRejection(lot)) return lot;
    const reached = payload.scope === 'forward' ? await reachForward(view, payload.lotNumber, lot.state.successors) : [];
    const decision = decideHoldLot(payload, lot.state, reached);
    if (isRejection(decision)) return decision;
    const appends = await Promise.all(
      decision.holds.map(async ({ lotNumber, events }) => {
        const stream = await view.load(lotStreamId(lotNumber));
        return appendTo(stream, lotOf(stream).registered!.siteId, events, now);
      }),
    );
    return { appends, reply: { heldLots: decision.heldLots, shippedLots: decision.shippedLots } };
  }
}
