import { Decision, reject } from '@lotstream/domain';
import type { PersonRegistered } from '../person.events';
import type { PersonState } from '../person.state';

/** Register a person who may perform, inspect or sign work at a site. */
export interface RegisterPerson {
  personId: string;
  name: string;
  siteId: string;
  employeeRef?: string;
  occurredAt?: string;
}

export function decideRegisterPerson(command: RegisterPerson, person: PersonState): Decision<PersonRegistered> {
  if (person.registered) return reject('conflict', 'person-already-registered', `Person ${command.personId} is already registered.`, 'personId');
  const { personId, name, siteId, employeeRef } = command;
  return [{ type: 'PersonRegistered', data: { personId, name, siteId, ...(employeeRef !== undefined ? { employeeRef } : {}) } }];
}
