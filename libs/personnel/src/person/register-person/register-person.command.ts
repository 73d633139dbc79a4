import { PERSONNEL_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { personStreamId } from '../person.events';
import { RegisterPersonDto } from './register-person.dto';
import { RegisterPersonCommand } from './register-person.handler';

export const REGISTER_PERSON = defineCommand({
  type: 'RegisterPerson',
  payload: RegisterPersonDto,
  command: RegisterPersonCommand,
  roles: PERSONNEL_WRITERS,
  route: { path: '/v1/personnel' },
  api: {
    summary: 'Register a person',
    description: "A person id is registered once (409). A site outside the key's sites → 403.",
    event: 'PersonRegistered',
    example: { personId: 'OPR-117', name: 'Dana Whitfield', siteId: 'SITE-A', employeeRef: 'HR-00417' },
  },
  streamOf: (p) => personStreamId(p.personId),
});
