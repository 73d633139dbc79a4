import { IdField, TextField, TimestampField } from '@lotstream/recording';
import type { ReinstateSupplier } from './reinstate-supplier';

export class ReinstateSupplierBody implements Omit<ReinstateSupplier, 'supplierId'> {
  @TimestampField('2026-07-01T00:00:00Z') effectiveFrom: string;
  @IdField('QE-004') reinstatedBy: string;
  @TextField('8D closed, re-audit passed', false) reason?: string;
}

export class ReinstateSupplierDto extends ReinstateSupplierBody implements ReinstateSupplier {
  @IdField('SUP-ACME') supplierId: string;
}
