import { RecordStepBody } from '@lotstream/production';
import { IdField } from '@lotstream/recording';
import type { RecordPrototypeStep } from './record-prototype-step';

export class RecordPrototypeStepDto extends RecordStepBody implements RecordPrototypeStep {
  @IdField('PB-2026-007') buildId: string;
}
