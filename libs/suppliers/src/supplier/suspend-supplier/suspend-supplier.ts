import { Decision, reject } from '@lotstream/domain';
import type { SupplierSuspended } from '../supplier.events';
import type { SupplierState } from '../supplier.state';

/** Suspend a supplier: no receipt from it counts as approved from `effectiveFrom` until reinstated. */
export interface SuspendSupplier {
  supplierId: string;
  reason: string;
  effectiveFrom: string;
}

export function decideSuspendSupplier(command: SuspendSupplier, supplier: SupplierState): Decision<SupplierSuspended> {
  const last = supplier.suspensions[supplier.suspensions.length - 1];
  if (last && last.until === undefined) return reject('conflict', 'supplier-already-suspended', `Supplier ${command.supplierId} is already suspended.`);
  if (last?.until !== undefined && Date.parse(command.effectiveFrom) < Date.parse(last.until)) {
    return reject('rule', 'suspension-overlaps', 'A suspension starts no earlier than the last reinstatement.', 'effectiveFrom');
  }
  return [{ type: 'SupplierSuspended', data: { reason: command.reason, effectiveFrom: command.effectiveFrom } }];
}
