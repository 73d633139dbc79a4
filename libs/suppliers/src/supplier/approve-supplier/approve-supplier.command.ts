import { SUPPLIER_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { supplierStreamId } from '../supplier.events';
import { ApproveSupplierBody, ApproveSupplierDto } from './approve-supplier.dto';
import { ApproveSupplierCommand } from './approve-supplier.handler';

export const APPROVE_SUPPLIER = defineCommand({
  type: 'ApproveSupplier',
  payload: ApproveSupplierDto,
  body: ApproveSupplierBody,
  command: ApproveSupplierCommand,
  roles: SUPPLIER_WRITERS,
  route: { path: '/v1/suppliers/{supplierId}/approvals', params: [{ name: 'supplierId', example: 'SUP-ACME' }] },
  api: {
    summary: 'Approve a supplier for parts or a commodity',
    description:
      'Unknown supplier → 404; partNumbers or commodity, exactly one (422); validUntil after validFrom (422); an approval id is recorded once (409).',
    event: 'SupplierApproved',
    example: {
      approvalId: 'APR-2026-01',
      partNumbers: ['BAR-4140-32'],
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2027-01-01T00:00:00Z',
      basis: 'audit',
      evidenceRef: 'AUD-2025-118',
      approvedBy: 'QE-004',
    },
  },
  streamOf: (p) => supplierStreamId(p.supplierId),
});
