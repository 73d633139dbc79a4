import { Decision, reject } from '@lotstream/domain';
import type { SupplierRegistered } from '../supplier.events';
import type { SupplierState } from '../supplier.state';

/** Register a supplier for the sites that receive its material. */
export interface RegisterSupplier {
  supplierId: string;
  name: string;
  siteIds: string[];
  occurredAt?: string;
}

export function decideRegisterSupplier(command: RegisterSupplier, supplier: SupplierState): Decision<SupplierRegistered> {
  if (supplier.registered) return reject('conflict', 'supplier-already-registered', `Supplier ${command.supplierId} is already registered.`, 'supplierId');
  const siteIds = [...new Set(command.siteIds)];
  if (siteIds.length === 0) return reject('rule', 'supplier-without-site', 'A supplier serves at least one site.', 'siteIds');
  return [{ type: 'SupplierRegistered', data: { supplierId: command.supplierId, name: command.name, siteIds } }];
}
