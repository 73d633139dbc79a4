import { RecordInspectionBody } from '@lotstream/quality';
import { IdField } from '@lotstream/recording';
import type { RecordPrototypeInspection } from './record-prototype-inspection';

export class RecordPrototypeInspectionDto extends RecordInspectionBody implements RecordPrototypeInspection {
  @IdField('PB-2026-007') buildId: string;
}
