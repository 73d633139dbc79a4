/**
 * Events of a person's stream (`person-<personId>`): who may do which operation, from when to when,
 * and on which document revisions they were trained. A person id is what a production step sends
 * as `operatorId`. A revocation may take effect in the past (a certificate found forged): the
 * qualification counts as void from then on, and every answer about earlier work changes with it.
 */
export interface PersonRegistered {
  type: 'PersonRegistered';
  data: { personId: string; name: string; siteId: string; employeeRef?: string };
}

export interface QualificationGranted {
  type: 'QualificationGranted';
  data: {
    qualificationId: string;
    operation: string;
    workCenter?: string;
    validFrom: string;
    validUntil?: string;
    grantedBy: string;
    evidenceRef?: string;
  };
}

export interface TrainingCompleted {
  type: 'TrainingCompleted';
  data: { trainingId: string; revisionId: string; completedAt: string; trainer: string; evidenceRef?: string };
}

export interface QualificationRevoked {
  type: 'QualificationRevoked';
  data: { qualificationId: string; reason: string; effectiveFrom: string };
}

export type PersonEvent = PersonRegistered | QualificationGranted | TrainingCompleted | QualificationRevoked;

export const PERSON_EVENT_TYPES = ['PersonRegistered', 'QualificationGranted', 'TrainingCompleted', 'QualificationRevoked'] as const;

export const personStreamId = (personId: string): string => `person-${personId}`;
