import { Decision, reject } from '@lotstream/domain';
import type { QualityLot } from '../../lot-quality/lot-quality.state';
import type { Disposition, NonconformanceDispositioned } from '../../inspection/inspection.events';

/** What is done with the nonconforming pieces, decided once by someone authorised. */
export interface DispositionNonconformance {
  lotNumber: string;
  ncId: string;
  disposition: Disposition;
  authorizedBy: string;
  occurredAt?: string;
}

export function decideDispositionNonconformance(command: DispositionNonconformance, lot: QualityLot): Decision<NonconformanceDispositioned> {
  if (!lot.registered) return reject('not-found', 'lot-not-found', `Lot ${command.lotNumber} was not found.`);
  const nc = lot.nonconformances.get(command.ncId);
  if (!nc) return reject('not-found', 'nonconformance-not-found', `Nonconformance ${command.ncId} was not found on lot ${command.lotNumber}.`);
  if (nc.dispositioned) {
    return reject('conflict', 'nonconformance-already-dispositioned', `Nonconformance ${command.ncId} already has a disposition.`);
  }
  return [{ type: 'NonconformanceDispositioned', data: { ncId: command.ncId, disposition: command.disposition, authorizedBy: command.authorizedBy } }];
}
