import { IdField, NameField, TimestampField } from '@lotstream/recording';
import type { GrantQualification } from './grant-qualification';

export class GrantQualificationBody implements Omit<GrantQualification, 'personId'> {
  @IdField('Q-OPR-117-TURN') qualificationId: string;
  @NameField('turning', true, 200, 'The operation, exactly as production steps name it.') operation: string;
  @NameField('WC-LATHE-2', false, 64, 'Limits the qualification to one work centre.') workCenter?: string;
  @TimestampField('2026-01-10T00:00:00Z') validFrom: string;
  @TimestampField('2027-01-10T00:00:00Z', false, 'Open-ended when omitted; must be after validFrom.') validUntil?: string;
  @IdField('QE-004', true, 'The person who granted it.') grantedBy: string;
  @NameField('TRN-CERT-2026-117', false) evidenceRef?: string;
}

export class GrantQualificationDto extends GrantQualificationBody implements GrantQualification {
  @IdField('OPR-117') personId: string;
}
