import { IdField, QuantityField, TimestampField } from '@lotstream/recording';
import type { SplitLot } from './split-lot';

export class SplitLotBody implements Omit<SplitLot, 'lotNumber'> {
  @IdField('L-2026-0001.B', true, 'A new lot number for the part split off.') childLotNumber: string;
  @QuantityField(200) quantity: number;
  @TimestampField('2026-11-25T10:00:00Z', false, 'When the lot was split; server time if omitted.') occurredAt?: string;
}

export class SplitLotDto extends SplitLotBody implements SplitLot {
  @IdField('L-2026-0001', true, 'The parent lot.') lotNumber: string;
}
