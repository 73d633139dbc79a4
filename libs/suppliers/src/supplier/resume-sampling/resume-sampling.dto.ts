import { IdField, TextField } from '@lotstream/recording';
import type { ResumeSampling } from './resume-sampling';

export class ResumeSamplingBody implements Omit<ResumeSampling, 'supplierId'> {
  @IdField('BAR-4140-32') partNumber: string;
  @IdField('QE-004') resumedBy: string;
  @TextField('Supplier 8D-2026-07 verified effective') reason: string;
}

export class ResumeSamplingDto extends ResumeSamplingBody implements ResumeSampling {
  @IdField('SUP-ACME') supplierId: string;
}
