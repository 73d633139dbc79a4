import { reject, Rejection } from '@lotstream/domain';
import type { LotRegistered, LotSplit } from '../lot.events';
import { exceeds, holdRefusal, LotState, remainingQuantity } from '../lot.state';

/** Part of a lot becomes a new child lot of the same part (e.g. half goes to another line). */
export interface SplitLot {
  lotNumber: string;
  childLotNumber: string;
  quantity: number;
  occurredAt?: string;
}

export interface SplitLotSituation {
  parent: LotState;
  child: LotState;
  childIsPrototypeBuild: boolean;
}

export type SplitLotDecision = { parent: [LotSplit]; child: [LotRegistered] } | Rejection;

export function decideSplitLot(command: SplitLot, { parent, child, childIsPrototypeBuild }: SplitLotSituation): SplitLotDecision {
  if (!parent.registered) return reject('not-found', 'lot-not-found', `Lot ${command.lotNumber} was not found.`);
  if (child.registered || command.childLotNumber === command.lotNumber) {
    return reject('conflict', 'lot-already-registered', `Lot ${command.childLotNumber} is already registered.`, 'childLotNumber');
  }
  if (childIsPrototypeBuild) {
    return reject('rule', 'number-is-prototype-build', `${command.childLotNumber} is a prototype build id.`, 'childLotNumber');
  }
  const onHold = holdRefusal(parent, command.lotNumber);
  if (onHold) return onHold;
  const remaining = remainingQuantity(parent);
  if (exceeds(command.quantity, remaining)) {
    return reject('rule', 'over-split', `Lot ${command.lotNumber} has ${remaining} ${parent.registered.unit} left; ${command.quantity} requested.`, 'quantity');
  }
  const { lotNumber: _parentNumber, splitFrom: _grandparent, quantity: _quantity, ...inherited } = parent.registered;
  return {
    parent: [{ type: 'LotSplit', data: { childLotNumber: command.childLotNumber, quantity: command.quantity } }],
    child: [
      {
        type: 'LotRegistered',
        data: { ...inherited, lotNumber: command.childLotNumber, quantity: command.quantity, splitFrom: command.lotNumber },
      },
    ],
  };
}
