import { IdField, NameField, QuantityField, TimestampField } from '@lotstream/recording';
import type { ShipLot } from './ship-lot';

export class ShipLotBody implements Omit<ShipLot, 'lotNumber'> {
  @IdField('SH-2026-0911') shipmentId: string;
  @NameField('Globex Automotive') customer: string;
  @QuantityField(480) quantity: number;
  @TimestampField('2026-11-28T16:00:00Z') shippedAt: string;
}

export class ShipLotDto extends ShipLotBody implements ShipLot {
  @IdField('L-2026-0001') lotNumber: string;
}
