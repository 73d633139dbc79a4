import { ADMIN_ROLES, READ_ROLES } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { personStreamId } from '../person.events';
import { SetSigningCredentialBody, SetSigningCredentialDto } from './set-signing-credential.dto';
import { SetSigningCredentialCommand } from './set-signing-credential.handler';

export const SET_SIGNING_CREDENTIAL = defineCommand({
  type: 'SetSigningCredential',
  payload: SetSigningCredentialDto,
  body: SetSigningCredentialBody,
  command: SetSigningCredentialCommand,
  // The enrolment token is the credential of this call: any API key of the person's site may carry it, or
  // none at all (the route is @KeyOptional; without a key an unknown person answers like a wrong token).
  roles: [...ADMIN_ROLES, ...READ_ROLES],
  route: { path: '/v1/personnel/{personId}/signing-credential', params: [{ name: 'personId', example: 'QE-004' }] },
  api: {
    summary: 'Set a signing password with the enrolment token',
    description:
      'Needs no API key (the token is the credential; a key that is sent is checked). Wrong, used or expired enrolment token → 403 `enrolment-token-rejected`; password under 12 characters → 400. The password is ' +
      'stored only as a salted scrypt hash with its parameters and never appears in answers or logs.',
    event: 'SigningCredentialSet',
    example: { enrolmentToken: 'q3V0…one-time-token', password: 'correct horse battery' },
  },
  streamOf: (p) => personStreamId(p.personId),
});
