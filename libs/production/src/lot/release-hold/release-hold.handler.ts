import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SignatureVerifier } from '@lotstream/personnel';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadLot } from '../lot-handler';
import { lotStreamId } from '../lot.events';
import { lotOf } from '../lot.state';
import { decideReleaseHold } from './release-hold';
import type { ReleaseHoldDto } from './release-hold.dto';

export class ReleaseHoldCommand extends RecordingCommand<ReleaseHoldDto> {}

/**
 * Decide first (an unknown or released hold costs no password check), then the signature: a refused
 * one stores nothing on the lot. The signed release lands on the lot, and for a forward hold's origin
 * also on every lot the hold still holds (one atomic append; the signature is on the origin's stream).
 */
@CommandHandler(ReleaseHoldCommand)
export class ReleaseHoldHandler implements ICommandHandler<ReleaseHoldCommand, Plan> {
  constructor(private readonly signatures: SignatureVerifier) {}

  async execute({ payload, view, actor, now }: ReleaseHoldCommand): Promise<Plan> {
    const lot = await loadLot(view, payload.lotNumber, actor);
    if (isRejection(lot)) return lot;
    const decision = decideReleaseHold(payload, lot.state, payload.signature.personId);
    if (isRejection(decision)) return decision;
    const signed = await this.signatures.sign(
      view,
      payload.signature,
      lot,
      { signatureId: `${payload.holdId}:release`, eventType: 'LotHoldReleased', id: payload.holdId },
      now,
    );
    if (isRejection(signed)) return signed;
    const hold = lot.state.activeHolds.get(payload.holdId)!;
    const others = hold.heldFrom === payload.lotNumber ? (hold.heldLots ?? []).filter((n) => n !== payload.lotNumber) : [];
    const alsoReleased = [];
    for (const lotNumber of others) {
      const stream = await view.load(lotStreamId(lotNumber));
      const state = lotOf(stream);
      if (state.registered && state.activeHolds.has(payload.holdId)) alsoReleased.push(appendTo(stream, state.registered.siteId, decision, now));
    }
    return { appends: [appendTo(lot.stream, lot.siteId, [...decision, signed], now), ...alsoReleased] };
  }
}
