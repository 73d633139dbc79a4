import { Decision, reject } from '@lotstream/domain';
import type { LotHoldReleased } from '../lot.events';
import type { LotState } from '../lot.state';

/** Lift a hold by a signed decision (the signature is checked and recorded by the handler). */
export interface ReleaseHold {
  lotNumber: string;
  holdId: string;
  reason: string;
}

/** The release of a hold in force on the lot; for a forward hold's origin, also on the lots it still holds. */
export function decideReleaseHold(command: ReleaseHold, lot: LotState, signerId: string): Decision<LotHoldReleased> {
  if (!lot.registered) return reject('not-found', 'lot-not-found', `Lot ${command.lotNumber} was not found.`);
  if (!lot.holds.has(command.holdId)) return reject('not-found', 'hold-not-found', `Hold ${command.holdId} is not recorded on lot ${command.lotNumber}.`);
  if (!lot.activeHolds.has(command.holdId)) {
    return reject('conflict', 'hold-already-released', `Hold ${command.holdId} on lot ${command.lotNumber} is already released.`, 'holdId');
  }
  return [{ type: 'LotHoldReleased', data: { holdId: command.holdId, reason: command.reason, releasedBy: signerId } }];
}
