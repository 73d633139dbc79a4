import { reject, Rejection } from '@lotstream/domain';
import type { MaterialConsumed, MaterialIssued } from '../lot.events';
import { exceeds, holdRefusal, LotState, remainingQuantity } from '../lot.state';

/** This lot used material of an input lot: a genealogy edge input → this lot. */
export interface ConsumeMaterial {
  lotNumber: string;
  inputLotNumber: string;
  quantity: number;
  unit: string;
  stepId?: string;
  occurredAt?: string;
}

export interface ConsumeMaterialSituation {
  consumer: LotState;
  /** The input lot as the actor may see it (a lot of another site reads as unregistered). */
  input: LotState;
  /** Every lot the consumer already went into, directly or not. */
  downstreamOfConsumer: ReadonlySet<string>;
}

export type ConsumeMaterialDecision = { consumer: [MaterialConsumed]; input: [MaterialIssued] } | Rejection;

export function decideConsumeMaterial(command: ConsumeMaterial, situation: ConsumeMaterialSituation): ConsumeMaterialDecision {
  const { consumer, input, downstreamOfConsumer } = situation;
  if (!consumer.registered) return reject('not-found', 'lot-not-found', `Lot ${command.lotNumber} was not found.`);
  if (command.inputLotNumber === command.lotNumber) {
    return reject('rule', 'genealogy-cycle', 'A lot cannot consume itself.', 'inputLotNumber');
  }
  // An input that does not exist is a fault of the body, not of the addressed resource: 422, not 404.
  if (!input.registered) {
    return reject('rule', 'input-lot-unknown', `Input lot ${command.inputLotNumber} is not registered.`, 'inputLotNumber');
  }
  if (downstreamOfConsumer.has(command.inputLotNumber)) {
    return reject(
      'rule',
      'genealogy-cycle',
      `Lot ${command.inputLotNumber} is made from lot ${command.lotNumber}; consuming it would make the genealogy circular.`,
      'inputLotNumber',
    );
  }
  if (command.unit !== input.registered.unit) {
    return reject('rule', 'unit-mismatch', `Lot ${command.inputLotNumber} is counted in ${input.registered.unit}, not ${command.unit}.`, 'unit');
  }
  // A held input lot may not be consumed (issue 17): the check stays here, local to the decision.
  const onHold = holdRefusal(input, command.inputLotNumber, 'inputLotNumber');
  if (onHold) return onHold;
  const remaining = remainingQuantity(input);
  if (exceeds(command.quantity, remaining)) {
    return reject(
      'rule',
      'over-consumption',
      `Lot ${command.inputLotNumber} has ${remaining} ${input.registered.unit} left; ${command.quantity} requested.`,
      'quantity',
    );
  }
  return {
    consumer: [
      {
        type: 'MaterialConsumed',
        data: {
          inputLotNumber: command.inputLotNumber,
          quantity: command.quantity,
          unit: command.unit,
          ...(command.stepId !== undefined ? { stepId: command.stepId } : {}),
        },
      },
    ],
    input: [{ type: 'MaterialIssued', data: { toLotNumber: command.lotNumber, quantity: command.quantity, unit: command.unit } }],
  };
}
