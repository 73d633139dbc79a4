import { IdField, TextField, TimestampField } from '@lotstream/recording';
import type { RevokeQualification } from './revoke-qualification';

export class RevokeQualificationBody implements Omit<RevokeQualification, 'personId' | 'qualificationId'> {
  @TextField('Training certificate found forged') reason: string;
  @TimestampField('2026-03-01T00:00:00Z', true, 'Void from this moment; may lie in the past.') effectiveFrom: string;
}

export class RevokeQualificationDto extends RevokeQualificationBody implements RevokeQualification {
  @IdField('OPR-117') personId: string;
  @IdField('Q-OPR-117-TURN') qualificationId: string;
}
