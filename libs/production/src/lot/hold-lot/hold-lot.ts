import { reject, Rejection } from '@lotstream/domain';
import type { LotHeld } from '../lot.events';
import { isShippedOut, LotState } from '../lot.state';

/** Put a lot on hold, alone (`lot`) or with every lot made from it (`forward`). */
export interface HoldLot {
  lotNumber: string;
  holdId: string;
  reason: string;
  scope: 'lot' | 'forward';
}

/** Most lots one forward hold may reach: a bigger containment is a recall, decided apart. */
export const MAX_HELD_LOTS = 10_000;

/** A lot reached forward from the held lot, as its stream folds. */
export interface ReachedLot {
  lotNumber: string;
  state: LotState;
}

export interface HoldLotDecision {
  /** LotHeld per lot to append, the addressed lot first. */
  holds: Array<{ lotNumber: string; events: [LotHeld] }>;
  heldLots: string[];
  /** Lots with shipments among those reached (the addressed one included): a recall matter. */
  shippedLots: string[];
}

/**
 * The hold on the addressed lot and, for `forward`, on every reached lot not yet shipped out
 * (a lot shipped in part is held for what is left and listed as shipped too). A hold id is used once per lot.
 */
export function decideHoldLot(command: HoldLot, lot: LotState, reached: readonly ReachedLot[]): HoldLotDecision | Rejection {
  if (!lot.registered) return reject('not-found', 'lot-not-found', `Lot ${command.lotNumber} was not found.`);
  if (lot.holds.has(command.holdId))
    return reject('conflict', 'hold-already-recorded', `Hold ${command.holdId} is already recorded on lot ${command.lotNumber}.`, 'holdId');
  if (reached.length + 1 > MAX_HELD_LOTS) {
    return reject('rule', 'hold-too-large', `A forward hold reaches ${reached.length + 1} lots; at most ${MAX_HELD_LOTS} are held at once.`, 'scope');
  }
  const forward = command.scope === 'forward' ? reached.filter((r) => r.lotNumber !== command.lotNumber) : [];
  const shippedLots = [{ lotNumber: command.lotNumber, state: lot }, ...forward].filter((r) => r.state.shipped > 0).map((r) => r.lotNumber);
  const heldForward = forward.filter((r) => !isShippedOut(r.state) && !r.state.activeHolds.has(command.holdId));
  const heldLots = [command.lotNumber, ...heldForward.map((r) => r.lotNumber)];
  const base = { holdId: command.holdId, reason: command.reason, scope: command.scope, heldFrom: command.lotNumber };
  const origin: LotHeld = { type: 'LotHeld', data: command.scope === 'forward' ? { ...base, heldLots, shippedLots } : base };
  return {
    holds: [
      { lotNumber: command.lotNumber, events: [origin] },
      ...heldForward.map((r) => ({ lotNumber: r.lotNumber, events: [{ type: 'LotHeld', data: base } as LotHeld] as [LotHeld] })),
    ],
    heldLots,
    shippedLots,
  };
}
