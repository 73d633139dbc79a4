import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * API key = `lsk_<keyId>_<secret>`. The key id is not secret (it names the key in lists, logs and
 * event metadata); the secret is 32 random bytes and is only ever stored as a scrypt hash.
 */
export const API_KEY_PREFIX = 'lsk';
const API_KEY_PATTERN = /^lsk_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;
/** Longest credential we will hash: anything longer is refused before any work is done. */
export const MAX_PRESENTED_KEY_LENGTH = 512;

export interface IssuedApiKey {
  keyId: string;
  secret: string;
  apiKey: string;
}

export function issueApiKey(): IssuedApiKey {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, apiKey: `${API_KEY_PREFIX}_${keyId}_${secret}` };
}

/** Splits a presented key into key id and secret, or undefined when it is not shaped like ours. */
export function parseApiKey(apiKey: string): { keyId: string; secret: string } | undefined {
  const match = API_KEY_PATTERN.exec(apiKey);
  return match ? { keyId: match[1], secret: match[2] } : undefined;
}

/**
 * scrypt cost parameters (N = 2^14, r = 8, p = 1: about 50 ms and 16 MiB per check) stored with each
 * hash as `scrypt$N$r$p$<base64>`, so the cost can be raised later without invalidating old keys.
 */
const COST = { N: 16384, r: 8, p: 1 };
const HASH_BYTES = 32;

export interface SecretHash {
  secretHash: string;
  salt: string;
}

export async function hashSecret(secret: string, salt = randomBytes(16).toString('base64')): Promise<SecretHash> {
  const derived = await derive(secret, salt, COST);
  return { secretHash: `scrypt$${COST.N}$${COST.r}$${COST.p}$${derived.toString('base64')}`, salt };
}

/** Recomputes the hash of a presented secret with the stored salt and cost, and compares in constant time. */
export async function verifySecret(secret: string, stored: SecretHash): Promise<boolean> {
  const [scheme, n, r, p, expected] = stored.secretHash.split('$');
  if (scheme !== 'scrypt' || !expected) return false;
  const derived = await derive(secret, stored.salt, { N: Number(n), r: Number(r), p: Number(p) });
  return secretsMatch(derived, Buffer.from(expected, 'base64'));
}

/**
 * Constant-time equality. timingSafeEqual throws on different lengths, and returning early would
 * tell an attacker the length; so a length mismatch still runs a full comparison (of the presented
 * value against itself) and then answers false.
 */
export function secretsMatch(presented: Buffer, expected: Buffer): boolean {
  const sameLength = presented.length === expected.length;
  const equal = timingSafeEqual(presented, sameLength ? expected : presented);
  return sameLength && equal;
}

/** A non-reversible name for a presented key, to index the in-memory cache without holding the key. */
export function digestOf(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('base64');
}

function derive(secret: string, salt: string, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, HASH_BYTES, { ...cost, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}
