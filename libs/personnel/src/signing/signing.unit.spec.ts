import { evolvePerson, initialPersonState, PersonState } from '../person/person.state';
import type { PersonEvent } from '../person/person.events';
import { enrolmentTokenHash, hashPassword, newEnrolmentToken, passwordMatches } from './password-hash';
import { checkEnrolmentToken, decideEnrolSigner, decideSetSigningCredential, judgeSignatureAttempt, MAX_FAILED_SIGNATURE_ATTEMPTS } from './signing';

const given = (...events: PersonEvent[]): PersonState => events.reduce(evolvePerson, initialPersonState);
const registered: PersonEvent = { type: 'PersonRegistered', data: { personId: 'QE-004', name: 'Dana Whitfield', siteId: 'S1' } };
const credential = { algorithm: 'scrypt' as const, cost: 16384, blockSize: 8, parallelization: 1, salt: 'c2FsdA==', hash: 'aGFzaA==' };
const enrolled = (tokenHash: string, enrolledAt = '2026-12-01T08:00:00.000Z'): PersonEvent => ({
  type: 'SignerEnrolled',
  data: { tokenHash, enrolledAt, expiresAt: new Date(Date.parse(enrolledAt) + 86_400_000).toISOString() },
});
const credentialSet: PersonEvent = { type: 'SigningCredentialSet', data: { credential, setAt: '2026-12-01T09:00:00.000Z' } };

describe('signing enrolment and credential', () => {
  it('enrols a registered person with a token that expires 24 h later', () => {
    expect(decideEnrolSigner(given(registered), 'h1', '2026-12-01T08:00:00.000Z')).toEqual([
      { type: 'SignerEnrolled', data: { tokenHash: 'h1', enrolledAt: '2026-12-01T08:00:00.000Z', expiresAt: '2026-12-02T08:00:00.000Z' } },
    ]);
  });

  it('sets the credential with the open enrolment token, before it expires', () => {
    const person = given(registered, enrolled('h1'));
    expect(decideSetSigningCredential(person, { tokenHash: 'h1', passwordLength: 20 }, credential, '2026-12-02T07:59:59.000Z')).toEqual([
      { type: 'SigningCredentialSet', data: { credential, setAt: '2026-12-02T07:59:59.000Z' } },
    ]);
  });

  it.each([
    ['a wrong token', given(registered, enrolled('h1')), 'h2', '2026-12-01T10:00:00.000Z'],
    ['an expired token', given(registered, enrolled('h1')), 'h1', '2026-12-02T08:00:00.000Z'],
    ['a token already used', given(registered, enrolled('h1'), credentialSet), 'h1', '2026-12-01T10:00:00.000Z'],
    ['no enrolment at all', given(registered), 'h1', '2026-12-01T10:00:00.000Z'],
  ])('refuses %s with 403 enrolment-token-rejected', (_case, person, tokenHash, now) => {
    expect(checkEnrolmentToken(person, tokenHash, now)).toMatchObject({ kind: 'forbidden', code: 'enrolment-token-rejected' });
    expect(decideSetSigningCredential(person, { tokenHash, passwordLength: 20 }, credential, now)).toMatchObject({ kind: 'forbidden' });
  });

  it('refuses a password shorter than 12 characters', () => {
    expect(
      decideSetSigningCredential(given(registered, enrolled('h1')), { tokenHash: 'h1', passwordLength: 11 }, credential, '2026-12-01T10:00:00.000Z'),
    ).toMatchObject({
      code: 'password-too-short',
    });
  });
});

describe('signature attempts and lockout (21 CFR 11.300(d))', () => {
  const failuresUntilLocked = (): { person: PersonState; outcomes: ReturnType<typeof judgeSignatureAttempt>[] } => {
    let person = given(registered, enrolled('h1'), credentialSet);
    const outcomes = [];
    for (let i = 0; i < MAX_FAILED_SIGNATURE_ATTEMPTS; i++) {
      const outcome = judgeSignatureAttempt(person, false, `2026-12-01T10:0${i}:00.000Z`);
      outcomes.push(outcome);
      if (!outcome.accepted) person = outcome.events.reduce(evolvePerson, person);
    }
    return { person, outcomes };
  };

  it('accepts a matching password on a credential that is not locked, recording nothing', () => {
    expect(judgeSignatureAttempt(given(registered, enrolled('h1'), credentialSet), true, '2026-12-01T10:00:00.000Z')).toEqual({ accepted: true });
  });

  it('records each failed attempt as an event and locks the credential at the fifth', () => {
    const { person, outcomes } = failuresUntilLocked();
    const events = outcomes.flatMap((o) => (o.accepted ? [] : o.events));
    expect(events.filter((e) => e.type === 'SignatureAttemptFailed').map((e) => e.data.failedAttempts)).toEqual([1, 2, 3, 4, 5]);
    expect(events.filter((e) => e.type === 'SigningCredentialLocked')).toEqual([
      { type: 'SigningCredentialLocked', data: { lockedAt: '2026-12-01T10:04:00.000Z', failedAttempts: 5 } },
    ]);
    expect(outcomes.every((o) => !o.accepted && o.rejection.code === 'signature-rejected' && o.rejection.kind === 'forbidden')).toBe(true);
    expect(person.signing.locked).toBe(true);
  });

  it('after the lockout refuses even the right password, until an admin enrols the person again', () => {
    const { person } = failuresUntilLocked();
    const locked = judgeSignatureAttempt(person, true, '2026-12-01T11:00:00.000Z');
    expect(locked).toMatchObject({ accepted: false, events: [{ type: 'SignatureAttemptFailed', data: { reason: 'credential-locked' } }] });
    const reEnrolled = [enrolled('h2', '2026-12-01T12:00:00.000Z'), credentialSet].reduce(evolvePerson, person);
    expect(reEnrolled.signing).toMatchObject({ locked: false, failedAttempts: 0 });
    expect(judgeSignatureAttempt(reEnrolled, true, '2026-12-01T13:00:00.000Z')).toEqual({ accepted: true });
  });

  it('refuses a person without a credential', () => {
    expect(judgeSignatureAttempt(given(registered), true, '2026-12-01T10:00:00.000Z')).toMatchObject({
      accepted: false,
      events: [{ data: { reason: 'no-credential' } }],
    });
  });
});

describe('password hashing', () => {
  it('stores a salted scrypt hash with its parameters, never the password, and checks it', async () => {
    const password = 'correct horse battery';
    const [first, second] = [await hashPassword(password), await hashPassword(password)];
    expect(first).toMatchObject({ algorithm: 'scrypt', cost: 32768, blockSize: 8, parallelization: 1 });
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
    expect(JSON.stringify(first)).not.toContain(password);
    expect(await passwordMatches(password, first)).toBe(true);
    expect(await passwordMatches('correct horse batterY', first)).toBe(false);
  });

  it('keeps only a hash of the enrolment token', () => {
    const { token, tokenHash } = newEnrolmentToken();
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(tokenHash).toBe(enrolmentTokenHash(token));
    expect(tokenHash).not.toContain(token);
  });
});
