import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@lotstream/access';
import { asCorrected } from '@lotstream/domain';
import { SignatureVerifier } from '@lotstream/personnel';
import { lotStreamId } from '@lotstream/production/domain';
import { appendTo, isRejection, loadVisible, Plan, RecordingCommand, reject } from '@lotstream/recording';
import { qualityLotOf } from '../../lot-quality/lot-quality.state';
import { loadReleaseGateRecords } from '../release-gate-records';
import { releaseGates } from '../release-gates';
import { decideReleaseLot, releaseIdsOf } from './release-lot';
import type { ReleaseLotDto } from './release-lot.dto';

export class ReleaseLotCommand extends RecordingCommand<ReleaseLotDto> {}

/** Gates judged on the lot's stream and the streams it names, as loaded for this decision; the signature is checked only for a lot that may be released. */
@CommandHandler(ReleaseLotCommand)
export class ReleaseLotHandler implements ICommandHandler<ReleaseLotCommand, Plan> {
  constructor(private readonly signatures: SignatureVerifier) {}

  async execute({ payload, view, actor, now }: ReleaseLotCommand): Promise<Plan> {
    const lot = await loadVisible(
      view,
      lotStreamId(payload.lotNumber),
      qualityLotOf,
      (l) => l.registered?.siteId,
      actor as Actor,
      () => reject('not-found', 'lot-not-found', `Lot ${payload.lotNumber} was not found.`),
    );
    if (isRejection(lot)) return lot;
    const events = lot.stream.events as { type: string; data: Record<string, unknown> }[];
    const corrected = asCorrected(events);
    const records = await loadReleaseGateRecords(view, payload.lotNumber, corrected);
    const decision = decideReleaseLot(
      payload,
      lot.state,
      releaseIdsOf(events),
      releaseGates(payload.lotNumber, corrected, records),
      payload.signature.personId,
    );
    if (isRejection(decision)) return decision;
    const signed = await this.signatures.sign(
      view,
      payload.signature,
      lot,
      { signatureId: `${payload.releaseId}:release`, eventType: 'LotReleased', id: payload.releaseId },
      now,
    );
    if (isRejection(signed)) return signed;
    return { appends: [appendTo(lot.stream, lot.siteId, [...decision, signed], now)] };
  }
}
