import { PERSONNEL_REVOKERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { personStreamId } from '../person.events';
import { RevokeQualificationBody, RevokeQualificationDto } from './revoke-qualification.dto';
import { RevokeQualificationCommand } from './revoke-qualification.handler';

export const REVOKE_QUALIFICATION = defineCommand({
  type: 'RevokeQualification',
  payload: RevokeQualificationDto,
  body: RevokeQualificationBody,
  command: RevokeQualificationCommand,
  roles: PERSONNEL_REVOKERS,
  route: {
    path: '/v1/personnel/{personId}/qualifications/{qualificationId}/revocation',
    params: [
      { name: 'personId', example: 'OPR-117' },
      { name: 'qualificationId', example: 'Q-OPR-117-TURN' },
    ],
  },
  api: {
    summary: 'Revoke a qualification (retroactive allowed)',
    description:
      'Unknown person or qualification → 404; a qualification is revoked once (409). effectiveFrom may lie in the past: work done since then is reported as done by an unqualified person (GET /v1/personnel/{personId}/impact).',
    event: 'QualificationRevoked',
    example: { reason: 'Training certificate found forged', effectiveFrom: '2026-03-01T00:00:00Z' },
  },
  streamOf: (p) => personStreamId(p.personId),
});
