import { SignatureDto, SignatureField } from '@lotstream/personnel';
import { IdField, TextField } from '@lotstream/recording';
import type { ReleaseHold } from './release-hold';

export class ReleaseHoldBody implements Omit<ReleaseHold, 'lotNumber' | 'holdId'> {
  @TextField('Re-test of M-77 hardness passed; lab report LR-2026-118') reason: string;
  @SignatureField() signature: SignatureDto;
}

export class ReleaseHoldDto extends ReleaseHoldBody implements ReleaseHold {
  @IdField('M-77') lotNumber: string;
  @IdField('HOLD-2026-031') holdId: string;
}
