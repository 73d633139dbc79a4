import { Decision, reject } from '@lotstream/domain';
import type { QualityLot } from '../../lot-quality/lot-quality.state';
import { isReady, ReleaseGate } from '../release-gates';
import type { LotReleased } from '../release.events';

/** Release a lot for shipment: signed, and only when every gate passes. */
export interface ReleaseLot {
  lotNumber: string;
  releaseId: string;
}

export function decideReleaseLot(
  command: ReleaseLot,
  lot: QualityLot,
  releaseIds: ReadonlySet<string>,
  gates: ReleaseGate[],
  signerId: string,
): Decision<LotReleased> {
  if (!lot.registered) return reject('not-found', 'lot-not-found', `Lot ${command.lotNumber} was not found.`);
  if (releaseIds.has(command.releaseId))
    return reject('conflict', 'release-already-recorded', `Release ${command.releaseId} is already recorded on lot ${command.lotNumber}.`, 'releaseId');
  if (!isReady(gates)) {
    const failed = gates.filter((g) => !g.passed).map((g) => `${g.gate} (${g.details.join('; ') || 'not met'})`);
    return reject('rule', 'release-gates-failed', `Lot ${command.lotNumber} cannot be released; failed gates: ${failed.join(', ')}.`);
  }
  return [{ type: 'LotReleased', data: { releaseId: command.releaseId, releasedBy: signerId, gates } }];
}

export const releaseIdsOf = (events: readonly { type: string; data: Record<string, unknown> }[]): Set<string> =>
  new Set(events.filter((e) => e.type === 'LotReleased').map((e) => String(e.data.releaseId)));
