import { IdField, QuantityField, TextField, TimestampField } from '@lotstream/recording';
import type { RaiseNonconformance } from './raise-nonconformance';

export class RaiseNonconformanceBody implements Omit<RaiseNonconformance, 'lotNumber'> {
  @IdField('NC-2026-0077') ncId: string;
  @TextField('Outer diameter above USL on 12 pieces after OP20 (tool wear).') description: string;
  @QuantityField(12) quantityAffected: number;
  @IdField('INS-OQC-0042', false, 'The failed inspection of this lot that the nonconformance covers.') inspectionId?: string;
  @TimestampField('2026-11-25T11:00:00Z', false, 'When it was found; server time if omitted.') occurredAt?: string;
}

export class RaiseNonconformanceDto extends RaiseNonconformanceBody implements RaiseNonconformance {
  @IdField('L-2026-0001') lotNumber: string;
}
