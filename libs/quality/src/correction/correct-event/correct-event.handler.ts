import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@lotstream/access';
import type { EventStore } from '@lotstream/event-store';
import { SignatureVerifier } from '@lotstream/personnel';
import { EVENT_STORE } from '@lotstream/platform';
import { appendTo, isRejection, Plan, PlannedAppend, RecordingCommand, reject } from '@lotstream/recording';
import { admitCorrection, correctedFields, correctionEvent, correctionIdsOf, mergedData } from '../correction';
import { issueOf, loadTarget, validateCorrected } from '../correction-target';
import type { CorrectEventDto } from './correct-event.dto';

export class CorrectEventCommand extends RecordingCommand<CorrectEventDto> {}

/**
 * Admit (the event is the lot's, correctable, not voided; only its data fields), validate the
 * corrected record as its original command, apply that command's rules, then the signature. A
 * consumption's correction corrects the input lot's issue in the same append.
 */
@CommandHandler(CorrectEventCommand)
export class CorrectEventHandler implements ICommandHandler<CorrectEventCommand, Plan> {
  constructor(
    private readonly signatures: SignatureVerifier,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ payload, view, actor, now }: CorrectEventCommand): Promise<Plan> {
    const loaded = await loadTarget(this.store, view, actor as Actor, payload.lotNumber, payload.eventId);
    if (isRejection(loaded)) return loaded;
    const { lot, target, stored } = loaded;
    const admitted = admitCorrection(target, payload.corrected, payload.correctionId, correctionIdsOf(lot.stream.events));
    if (admitted) return admitted;
    await validateCorrected(target.type, mergedData(target, payload.corrected));
    const input = target.type === 'MaterialConsumed' ? await issueOf(this.store, view, stored, payload.lotNumber) : undefined;
    if (target.type === 'MaterialConsumed' && !input) {
      return reject('rule', 'event-not-correctable', `The issue of consumption ${payload.eventId} is not found on its input lot.`, 'eventId');
    }
    const corrected = correctedFields(target, payload.corrected, { lot: lot.state, input: input?.state });
    if (isRejection(corrected)) return corrected;
    const signed = await this.signatures.sign(
      view,
      payload.signature,
      lot,
      { signatureId: `${payload.correctionId}:correction`, eventType: 'EventCorrected', id: payload.correctionId },
      now,
    );
    if (isRejection(signed)) return signed;
    const appends: PlannedAppend[] = [appendTo(lot.stream, lot.siteId, [correctionEvent(target, payload, corrected, signed.data.personId), signed], now)];
    if (input && input.state.registered) {
      const issue = { eventId: input.issued.eventId, version: input.issued.streamVersion, type: 'MaterialIssued' as const, data: input.issued.data };
      appends.push(
        appendTo(input.stream, input.state.registered.siteId, [correctionEvent(issue, payload, { quantity: corrected.quantity }, signed.data.personId)], now),
      );
    }
    return { appends };
  }
}
