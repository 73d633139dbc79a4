import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { loadLot } from '@lotstream/production';
import { qualityLotOf } from '../../lot-quality/lot-quality.state';
import { SignatureVerifier } from '@lotstream/personnel';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { dispositionRefusal } from '@lotstream/sites';
import { decideDispositionNonconformance } from './disposition-nonconformance';
import type { DispositionNonconformanceDto } from './disposition-nonconformance.dto';

export class DispositionNonconformanceCommand extends RecordingCommand<DispositionNonconformanceDto> {}

@CommandHandler(DispositionNonconformanceCommand)
export class DispositionNonconformanceHandler implements ICommandHandler<DispositionNonconformanceCommand, Plan> {
  constructor(private readonly signatures: SignatureVerifier) {}

  /** An optional signature (required under `signedDispositions: refuse`) is checked and recorded after the disposition it signs. */
  async execute({ payload, view, actor, now }: DispositionNonconformanceCommand): Promise<Plan> {
    const lot = await loadLot(view, payload.lotNumber, actor);
    if (isRejection(lot)) return lot;
    const decision = decideDispositionNonconformance(payload, qualityLotOf(lot.stream));
    if (isRejection(decision)) return decision;
    const unsigned = await dispositionRefusal(view, lot.siteId, payload.signature !== undefined);
    if (unsigned) return unsigned;
    if (!payload.signature) return { appends: [appendTo(lot.stream, lot.siteId, decision, payload.occurredAt ?? now)] };
    const signedFor = { signatureId: `${payload.ncId}:disposition`, eventType: 'NonconformanceDispositioned', id: payload.ncId };
    const signed = await this.signatures.sign(view, payload.signature, lot, signedFor, now);
    if (isRejection(signed)) return signed;
    return { appends: [appendTo(lot.stream, lot.siteId, [...decision, signed], payload.occurredAt ?? now)] };
  }
}
