import { SUPPLIER_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { supplierStreamId } from '../supplier.events';
import { ReinstateSupplierBody, ReinstateSupplierDto } from './reinstate-supplier.dto';
import { ReinstateSupplierCommand } from './reinstate-supplier.handler';

export const REINSTATE_SUPPLIER = defineCommand({
  type: 'ReinstateSupplier',
  payload: ReinstateSupplierDto,
  body: ReinstateSupplierBody,
  command: ReinstateSupplierCommand,
  roles: SUPPLIER_WRITERS,
  route: { path: '/v1/suppliers/{supplierId}/reinstatements', params: [{ name: 'supplierId', example: 'SUP-ACME' }] },
  api: {
    summary: 'Reinstate a suspended supplier',
    description: 'Unknown supplier → 404; a supplier that is not suspended → 422.',
    event: 'SupplierReinstated',
    example: { effectiveFrom: '2026-07-01T00:00:00Z', reinstatedBy: 'QE-004', reason: '8D closed, re-audit passed' },
  },
  streamOf: (p) => supplierStreamId(p.supplierId),
});
