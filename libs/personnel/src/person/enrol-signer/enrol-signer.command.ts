import { ADMIN_ROLES } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { personStreamId } from '../person.events';
import { EnrolSignerBody, EnrolSignerDto } from './enrol-signer.dto';
import { EnrolSignerCommand } from './enrol-signer.handler';

export const ENROL_SIGNER = defineCommand({
  type: 'EnrolSigner',
  payload: EnrolSignerDto,
  body: EnrolSignerBody,
  command: EnrolSignerCommand,
  roles: ADMIN_ROLES,
  route: { path: '/v1/personnel/{personId}/signing-enrolment', params: [{ name: 'personId', example: 'QE-004' }] },
  api: {
    summary: 'Enrol a person as a signer (one-time token)',
    description:
      'Answers the write response plus `enrolmentToken` and `expiresAt` (24 h). The token is shown once: only its hash is stored, ' +
      'and a replay by Idempotency-Key answers without it. A new enrolment replaces the credential and clears a lockout. Unknown person → 404.',
    event: 'SignerEnrolled',
    example: {},
  },
  streamOf: (p) => personStreamId(p.personId),
});
