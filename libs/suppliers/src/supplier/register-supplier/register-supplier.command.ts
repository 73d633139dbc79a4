import { SUPPLIER_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { supplierStreamId } from '../supplier.events';
import { RegisterSupplierDto } from './register-supplier.dto';
import { RegisterSupplierCommand } from './register-supplier.handler';

export const REGISTER_SUPPLIER = defineCommand({
  type: 'RegisterSupplier',
  payload: RegisterSupplierDto,
  command: RegisterSupplierCommand,
  roles: SUPPLIER_WRITERS,
  route: { path: '/v1/suppliers' },
  api: {
    summary: 'Register a supplier',
    description: 'A supplier id is registered once (409). Every site must be one the key writes to (403).',
    event: 'SupplierRegistered',
    example: { supplierId: 'SUP-ACME', name: 'Acme Bar Stock GmbH', siteIds: ['SITE-A'] },
  },
  streamOf: (p) => supplierStreamId(p.supplierId),
});
