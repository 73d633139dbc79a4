import { Decision, reject } from '@lotstream/domain';
import type { QualificationRevoked } from '../person.events';
import type { PersonState } from '../person.state';

/**
 * Revoke a qualification from a moment on, which may lie in the past (a forged certificate): the
 * qualification counts as void from then, and work done since is shown as done by an unqualified person.
 */
export interface RevokeQualification {
  personId: string;
  qualificationId: string;
  reason: string;
  effectiveFrom: string;
}

export function decideRevokeQualification(command: RevokeQualification, person: PersonState): Decision<QualificationRevoked> {
  if (!person.qualifications.has(command.qualificationId)) {
    return reject('not-found', 'qualification-not-found', `Qualification ${command.qualificationId} of person ${command.personId} was not found.`);
  }
  if (person.revoked.has(command.qualificationId)) {
    return reject('conflict', 'qualification-already-revoked', `Qualification ${command.qualificationId} is already revoked.`, 'qualificationId');
  }
  const { qualificationId, reason, effectiveFrom } = command;
  return [{ type: 'QualificationRevoked', data: { qualificationId, reason, effectiveFrom } }];
}
