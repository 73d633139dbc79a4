import { createHash, randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';
import type { PasswordHash } from '../person/person.events';

// scrypt (RFC 7914) is memory-hard and built into Node: no dependency. N = 2^15, r = 8 uses 32 MiB
// per hash (OWASP's password-storage minimum is N = 2^17 with r = 8, p = 1 for interactive logins;
// 2^15 keeps a signature under ~0.1 s on the small machines this runs on). The parameters are stored
// with each hash, so raising them later only affects credentials set afterwards.
const PARAMETERS = { cost: 2 ** 15, blockSize: 8, parallelization: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, p: Pick<PasswordHash, 'cost' | 'blockSize' | 'parallelization'>): Promise<Buffer> {
  const options: ScryptOptions = { N: p.cost, r: p.blockSize, p: p.parallelization, maxmem: 256 * p.cost * p.blockSize + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMETERS);
  return { algorithm: 'scrypt', ...PARAMETERS, salt: salt.toString('base64'), hash: key.toString('base64') };
}

export async function passwordMatches(password: string, stored: PasswordHash): Promise<boolean> {
  if (stored.algorithm !== 'scrypt') return false;
  const expected = Buffer.from(stored.hash, 'base64');
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), stored);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A one-time enrolment token (256 random bits) and the hash that is stored instead of it. */
export function newEnrolmentToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: enrolmentTokenHash(token) };
}

export const enrolmentTokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
