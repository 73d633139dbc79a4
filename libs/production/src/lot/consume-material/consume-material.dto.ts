import { IdField, NameField, QuantityField, TimestampField } from '@lotstream/recording';
import type { ConsumeMaterial } from './consume-material';

export class ConsumeMaterialBody implements Omit<ConsumeMaterial, 'lotNumber'> {
  @IdField('M-2026-0042', true, 'The lot the material comes from.') inputLotNumber: string;
  @QuantityField(12.5) quantity: number;
  @NameField('kg', true, 32) unit: string;
  @IdField('OP10', false) stepId?: string;
  @TimestampField('2026-11-25T09:00:00Z', false, 'When the material was used; server time if omitted.') occurredAt?: string;
}

/** Batch/Kafka payload: the body plus the consuming lot. */
export class ConsumeMaterialDto extends ConsumeMaterialBody implements ConsumeMaterial {
  @IdField('L-2026-0001', true, 'The consuming lot.') lotNumber: string;
}
