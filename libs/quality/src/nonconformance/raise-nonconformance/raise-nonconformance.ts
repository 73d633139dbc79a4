import { Decision, reject } from '@lotstream/domain';
import type { QualityLot } from '../../lot-quality/lot-quality.state';
import type { NonconformanceRaised } from '../../inspection/inspection.events';

/** A nonconformance (NC): part of a lot does not meet its requirements and awaits a disposition. */
export interface RaiseNonconformance {
  lotNumber: string;
  ncId: string;
  description: string;
  quantityAffected: number;
  /** The failed inspection of this lot the nonconformance covers (a release gate reads it). */
  inspectionId?: string;
  occurredAt?: string;
}

export function decideRaiseNonconformance(command: RaiseNonconformance, lot: QualityLot): Decision<NonconformanceRaised> {
  if (!lot.registered) return reject('not-found', 'lot-not-found', `Lot ${command.lotNumber} was not found.`);
  if (lot.nonconformances.has(command.ncId)) {
    return reject('conflict', 'nonconformance-already-raised', `Nonconformance ${command.ncId} is already raised on lot ${command.lotNumber}.`, 'ncId');
  }
  if (command.quantityAffected > lot.registered.quantity) {
    return reject(
      'rule',
      'quantity-affected-exceeds-lot',
      `Lot ${command.lotNumber} holds ${lot.registered.quantity} ${lot.registered.unit}.`,
      'quantityAffected',
    );
  }
  if (command.inspectionId !== undefined && !lot.inspectionIds.has(command.inspectionId)) {
    return reject('rule', 'inspection-unknown', `Inspection ${command.inspectionId} is not recorded on lot ${command.lotNumber}.`, 'inspectionId');
  }
  const { ncId, description, quantityAffected, inspectionId } = command;
  return [{ type: 'NonconformanceRaised', data: { ncId, description, quantityAffected, ...(inspectionId !== undefined ? { inspectionId } : {}) } }];
}
