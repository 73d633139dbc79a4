import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { canSeeSite } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { lotNotAcceptedRefusal } from '@lotstream/suppliers/domain';
import { visibleLot } from '../lot-handler';
import { loadForwardEdges, reachableForward } from '../genealogy';
import { lotStreamId } from '../lot.events';
import { initialLotState, lotOf } from '../lot.state';
import { decideConsumeMaterial } from './consume-material';
import type { ConsumeMaterialDto } from './consume-material.dto';

export class ConsumeMaterialCommand extends RecordingCommand<ConsumeMaterialDto> {}

@CommandHandler(ConsumeMaterialCommand)
export class ConsumeMaterialHandler implements ICommandHandler<ConsumeMaterialCommand, Plan> {
  async execute({ payload, view, actor, now }: ConsumeMaterialCommand): Promise<Plan> {
    const [consumerStream, inputStream] = await Promise.all([view.load(lotStreamId(payload.lotNumber)), view.load(lotStreamId(payload.inputLotNumber))]);
    const visibleConsumer = visibleLot(consumerStream, payload.lotNumber, actor);
    if (isRejection(visibleConsumer)) return visibleConsumer;
    const consumer = visibleConsumer.state;
    const inputSeen = lotOf(inputStream);
    const input = inputSeen.registered && canSeeSite(actor, inputSeen.registered.siteId) ? inputSeen : initialLotState;
    const downstream = reachableForward(payload.lotNumber, await loadForwardEdges(view, payload.lotNumber));
    const decision = decideConsumeMaterial(payload, { consumer, input, downstreamOfConsumer: downstream });
    if (isRejection(decision)) return decision;
    // Incoming inspection (issue 15): material not accepted at IQC is not consumed until released use-as-is.
    const notAccepted = lotNotAcceptedRefusal(payload.inputLotNumber, inputStream.events);
    if (notAccepted) return notAccepted;
    const occurredAt = payload.occurredAt ?? now;
    return {
      appends: [
        appendTo(consumerStream, visibleConsumer.siteId, decision.consumer, occurredAt),
        appendTo(inputStream, input.registered!.siteId, decision.input, occurredAt),
      ],
    };
  }
}
