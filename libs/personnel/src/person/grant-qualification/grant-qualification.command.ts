import { PERSONNEL_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { personStreamId } from '../person.events';
import { GrantQualificationBody, GrantQualificationDto } from './grant-qualification.dto';
import { GrantQualificationCommand } from './grant-qualification.handler';

export const GRANT_QUALIFICATION = defineCommand({
  type: 'GrantQualification',
  payload: GrantQualificationDto,
  body: GrantQualificationBody,
  command: GrantQualificationCommand,
  roles: PERSONNEL_WRITERS,
  route: { path: '/v1/personnel/{personId}/qualifications', params: [{ name: 'personId', example: 'OPR-117' }] },
  api: {
    summary: 'Qualify a person for an operation',
    description: 'Unknown person → 404; validUntil must be after validFrom (422); a qualification id is granted once (409).',
    event: 'QualificationGranted',
    example: {
      qualificationId: 'Q-OPR-117-TURN',
      operation: 'turning',
      validFrom: '2026-01-10T00:00:00Z',
      validUntil: '2027-01-10T00:00:00Z',
      grantedBy: 'QE-004',
      evidenceRef: 'TRN-CERT-2026-117',
    },
  },
  streamOf: (p) => personStreamId(p.personId),
});
