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

/**
 * An admin opened a signing enrolment: only the SHA-256 of the one-time token is kept (the token is
 * 32 random bytes, so a fast hash is enough; it is shown once, in the enrolment's answer). A new
 * enrolment replaces any credential and clears a lockout.
 */
export interface SignerEnrolled {
  type: 'SignerEnrolled';
  data: { tokenHash: string; expiresAt: string; enrolledAt: string; note?: string };
}

/** How a signing password is kept: scrypt (memory-hard) with its own salt and parameters, never the password. */
export interface PasswordHash {
  algorithm: 'scrypt';
  cost: number;
  blockSize: number;
  parallelization: number;
  salt: string;
  hash: string;
}

/** The person set their signing password with the enrolment token (which is used up by it). */
export interface SigningCredentialSet {
  type: 'SigningCredentialSet';
  data: { credential: PasswordHash; setAt: string };
}

/** A signature in this person's name did not authenticate (21 CFR 11.300(d)): wrong password, or a locked or missing credential. */
export interface SignatureAttemptFailed {
  type: 'SignatureAttemptFailed';
  data: { attemptedAt: string; reason: 'wrong-password' | 'credential-locked' | 'no-credential'; failedAttempts: number };
}

/** Five failed attempts since the credential was set: it signs nothing until an admin enrols the person again. */
export interface SigningCredentialLocked {
  type: 'SigningCredentialLocked';
  data: { lockedAt: string; failedAttempts: number };
}

export type SigningEvent = SignerEnrolled | SigningCredentialSet | SignatureAttemptFailed | SigningCredentialLocked;

export type PersonEvent = PersonRegistered | QualificationGranted | TrainingCompleted | QualificationRevoked | SigningEvent;

export const PERSON_EVENT_TYPES = [
  'PersonRegistered',
  'QualificationGranted',
  'TrainingCompleted',
  'QualificationRevoked',
  'SignerEnrolled',
  'SigningCredentialSet',
  'SignatureAttemptFailed',
  'SigningCredentialLocked',
] as const;

export const personStreamId = (personId: string): string => `person-${personId}`;
