import { Decision, reject } from '@lotstream/domain';
import type { SupplierReinstated } from '../supplier.events';
import type { SupplierState } from '../supplier.state';

/** End a supplier's suspension from `effectiveFrom`. */
export interface ReinstateSupplier {
  supplierId: string;
  effectiveFrom: string;
  reinstatedBy: string;
  reason?: string;
}

export function decideReinstateSupplier(command: ReinstateSupplier, supplier: SupplierState): Decision<SupplierReinstated> {
  const last = supplier.suspensions[supplier.suspensions.length - 1];
  if (!last || last.until !== undefined) return reject('rule', 'supplier-not-suspended', `Supplier ${command.supplierId} is not suspended.`);
  if (Date.parse(command.effectiveFrom) < Date.parse(last.from)) {
    return reject('rule', 'reinstatement-before-suspension', 'A reinstatement takes effect no earlier than the suspension.', 'effectiveFrom');
  }
  const { effectiveFrom, reinstatedBy, reason } = command;
  return [{ type: 'SupplierReinstated', data: { effectiveFrom, reinstatedBy, ...(reason !== undefined ? { reason } : {}) } }];
}
