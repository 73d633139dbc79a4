import { Decision, reject, Rejection } from '@lotstream/domain';
import type { PasswordHash, SignatureAttemptFailed, SignerEnrolled, SigningCredentialLocked, SigningCredentialSet } from '../person/person.events';
import type { PersonState } from '../person/person.state';

/** Failed attempts after which a credential signs nothing until the person is enrolled again (11.300(d)). */
export const MAX_FAILED_SIGNATURE_ATTEMPTS = 5;
/** How long a one-time enrolment token may be used. */
export const ENROLMENT_VALIDITY_MS = 24 * 60 * 60 * 1000;
export const MIN_SIGNING_PASSWORD_LENGTH = 12;

export const signatureRejected = (detail = 'The signature does not authenticate.'): Rejection => reject('forbidden', 'signature-rejected', detail, 'signature');

/** Open an enrolment for a registered person: its token's hash and when it expires (24 h from now). */
export function decideEnrolSigner(person: PersonState, tokenHash: string, now: string, note?: string): Decision<SignerEnrolled> {
  if (!person.registered) return reject('not-found', 'person-not-found', 'The person was not found.');
  const expiresAt = new Date(Date.parse(now) + ENROLMENT_VALIDITY_MS).toISOString();
  return [{ type: 'SignerEnrolled', data: { tokenHash, expiresAt, enrolledAt: now, ...(note !== undefined ? { note } : {}) } }];
}

export const enrolmentTokenRejected = (): Rejection =>
  reject('forbidden', 'enrolment-token-rejected', 'The enrolment token is not valid for this person (unknown, used or expired).', 'enrolmentToken');

/** The enrolment token presented (its hash) is the open enrolment's and has not expired; else why not. */
export function checkEnrolmentToken(person: PersonState, tokenHash: string, now: string): Rejection | undefined {
  const enrolment = person.signing.enrolment;
  if (!enrolment || enrolment.tokenHash !== tokenHash || Date.parse(now) >= Date.parse(enrolment.expiresAt)) {
    return enrolmentTokenRejected();
  }
  return undefined;
}

/**
 * Set the signing credential with the enrolment token: the token must be the open enrolment's (it is
 * used up by this) and not expired. The password arrives already hashed: the decision never sees it.
 */
export function decideSetSigningCredential(
  person: PersonState,
  presented: { tokenHash: string; passwordLength: number },
  credential: PasswordHash,
  now: string,
): Decision<SigningCredentialSet> {
  const refused = checkEnrolmentToken(person, presented.tokenHash, now);
  if (refused) return refused;
  if (presented.passwordLength < MIN_SIGNING_PASSWORD_LENGTH) {
    return reject('rule', 'password-too-short', `The password must have at least ${MIN_SIGNING_PASSWORD_LENGTH} characters.`, 'password');
  }
  return [{ type: 'SigningCredentialSet', data: { credential, setAt: now } }];
}

export type SignatureAttempt = { accepted: true } | { accepted: false; rejection: Rejection; events: Array<SignatureAttemptFailed | SigningCredentialLocked> };

/**
 * Judge one signature attempt on the person's credential, given whether the password matched. A
 * locked or missing credential never signs; every failure is an event, and the fifth locks.
 */
export function judgeSignatureAttempt(person: PersonState, passwordMatches: boolean, at: string): SignatureAttempt {
  const { credential, locked, failedAttempts } = person.signing;
  if (credential && !locked && passwordMatches) return { accepted: true };
  const reason = locked ? 'credential-locked' : !credential ? 'no-credential' : 'wrong-password';
  const failures = failedAttempts + 1;
  const events: Array<SignatureAttemptFailed | SigningCredentialLocked> = [
    { type: 'SignatureAttemptFailed', data: { attemptedAt: at, reason, failedAttempts: failures } },
  ];
  if (!locked && failures >= MAX_FAILED_SIGNATURE_ATTEMPTS) events.push({ type: 'SigningCredentialLocked', data: { lockedAt: at, failedAttempts: failures } });
  const detail =
    locked || events.length > 1 ? 'The signature does not authenticate; the signing credential is locked until the person is enrolled again.' : undefined;
  return { accepted: false, rejection: signatureRejected(detail), events };
}
