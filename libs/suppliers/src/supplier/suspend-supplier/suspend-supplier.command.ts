import { SUPPLIER_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { supplierStreamId } from '../supplier.events';
import { SuspendSupplierBody, SuspendSupplierDto } from './suspend-supplier.dto';
import { SuspendSupplierCommand } from './suspend-supplier.handler';

export const SUSPEND_SUPPLIER = defineCommand({
  type: 'SuspendSupplier',
  payload: SuspendSupplierDto,
  body: SuspendSupplierBody,
  command: SuspendSupplierCommand,
  roles: SUPPLIER_WRITERS,
  route: { path: '/v1/suppliers/{supplierId}/suspensions', params: [{ name: 'supplierId', example: 'SUP-ACME' }] },
  api: {
    summary: 'Suspend a supplier',
    description: 'Unknown supplier → 404; a suspended supplier is not suspended again (409). From effectiveFrom no receipt from it counts as approved.',
    event: 'SupplierSuspended',
    example: { reason: 'Two lots not accepted, 8D overdue', effectiveFrom: '2026-06-01T00:00:00Z' },
  },
  streamOf: (p) => supplierStreamId(p.supplierId),
});
