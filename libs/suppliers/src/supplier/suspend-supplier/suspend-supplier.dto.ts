import { IdField, TextField, TimestampField } from '@lotstream/recording';
import type { SuspendSupplier } from './suspend-supplier';

export class SuspendSupplierBody implements Omit<SuspendSupplier, 'supplierId'> {
  @TextField('Two lots not accepted, 8D overdue') reason: string;
  @TimestampField('2026-06-01T00:00:00Z') effectiveFrom: string;
}

export class SuspendSupplierDto extends SuspendSupplierBody implements SuspendSupplier {
  @IdField('SUP-ACME') supplierId: string;
}
