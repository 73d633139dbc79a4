import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@lotstream/access';
import type { EventStore } from '@lotstream/event-store';
import { SignatureVerifier } from '@lotstream/personnel';
import { EVENT_STORE } from '@lotstream/platform';
import { appendTo, isRejection, Plan, PlannedAppend, RecordingCommand, reject } from '@lotstream/recording';
import { admitVoid, correctionIdsOf, voidEvent } from '../correction';
import { issueOf, loadTarget } from '../correction-target';
import type { VoidEventDto } from './void-event.dto';

export class VoidEventCommand extends RecordingCommand<VoidEventDto> {}

/** Admit (the lot's own correctable event, not voided yet), then the signature; a consumption's void also voids its issue on the input lot. */
@CommandHandler(VoidEventCommand)
export class VoidEventHandler implements ICommandHandler<VoidEventCommand, Plan> {
  constructor(
    private readonly signatures: SignatureVerifier,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ payload, view, actor, now }: VoidEventCommand): Promise<Plan> {
    const loaded = await loadTarget(this.store, view, actor as Actor, payload.lotNumber, payload.eventId);
    if (isRejection(loaded)) return loaded;
    const { lot, target, stored } = loaded;
    const admitted = admitVoid(target, payload.voidId, correctionIdsOf(lot.stream.events));
    if (admitted) return admitted;
    const input = target.type === 'MaterialConsumed' ? await issueOf(this.store, view, stored, payload.lotNumber) : undefined;
    if (target.type === 'MaterialConsumed' && !input) {
      return reject('rule', 'event-not-correctable', `The issue of consumption ${payload.eventId} is not found on its input lot.`, 'eventId');
    }
    const signed = await this.signatures.sign(
      view,
      payload.signature,
      lot,
      { signatureId: `${payload.voidId}:void`, eventType: 'EventVoided', id: payload.voidId },
      now,
    );
    if (isRejection(signed)) return signed;
    const appends: PlannedAppend[] = [appendTo(lot.stream, lot.siteId, [voidEvent(target, payload, signed.data.personId), signed], now)];
    if (input && input.state.registered) {
      const issue = { eventId: input.issued.eventId, version: input.issued.streamVersion, type: 'MaterialIssued' as const, data: input.issued.data };
      appends.push(appendTo(input.stream, input.state.registered.siteId, [voidEvent(issue, payload, signed.data.personId)], now));
    }
    return { appends };
  }
}
