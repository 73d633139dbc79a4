import { Decision, reject } from '@lotstream/domain';
import type { QualificationGranted } from '../person.events';
import type { PersonState } from '../person.state';

/** Qualify a person for an operation (optionally at one work centre) from a date, until a date or open-ended. */
export interface GrantQualification {
  personId: string;
  qualificationId: string;
  operation: string;
  workCenter?: string;
  validFrom: string;
  validUntil?: string;
  grantedBy: string;
  evidenceRef?: string;
}

export function decideGrantQualification(command: GrantQualification, person: PersonState): Decision<QualificationGranted> {
  if (person.qualifications.has(command.qualificationId)) {
    return reject('conflict', 'qualification-already-granted', `Qualification ${command.qualificationId} is already granted.`, 'qualificationId');
  }
  if (command.validUntil !== undefined && Date.parse(command.validUntil) <= Date.parse(command.validFrom)) {
    return reject('rule', 'valid-until-not-after-valid-from', 'validUntil must be after validFrom.', 'validUntil');
  }
  const { qualificationId, operation, workCenter, validFrom, validUntil, grantedBy, evidenceRef } = command;
  return [
    {
      type: 'QualificationGranted',
      data: {
        qualificationId,
        operation,
        ...(workCenter !== undefined ? { workCenter } : {}),
        validFrom,
        ...(validUntil !== undefined ? { validUntil } : {}),
        grantedBy,
        ...(evidenceRef !== undefined ? { evidenceRef } : {}),
      },
    },
  ];
}
