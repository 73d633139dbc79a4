import { digestOf, hashSecret, issueApiKey, parseApiKey, secretsMatch, verifySecret } from './api-key-secret';

// The module object itself (an `import * as` namespace is frozen), the one the code under test calls into.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = require('node:crypto') as typeof import('node:crypto');

describe('API key secrets', () => {
  afterEach(() => jest.restoreAllMocks());

  it('issues high-entropy keys shaped lsk_<keyId>_<secret>, each different', () => {
    const keys = Array.from({ length: 50 }, () => issueApiKey());
    expect(new Set(keys.map((k) => k.apiKey)).size).toBe(50);
    for (const key of keys) {
      expect(key.apiKey).toBe(`lsk_${key.keyId}_${key.secret}`);
      expect(Buffer.from(key.secret, 'base64url')).toHaveLength(32);
      expect(parseApiKey(key.apiKey)).toEqual({ keyId: key.keyId, secret: key.secret });
    }
  });

  it('does not parse keys of another shape', () => {
    expect(parseApiKey('test-admin-key-0123456789abcdef')).toBeUndefined();
    expect(parseApiKey('lsk_0123456789abcdef_short')).toBeUndefined();
    expect(parseApiKey(`lsk_0123456789ABCDEF_${'a'.repeat(43)}`)).toBeUndefined();
  });

  it('stores a salted scrypt hash that verifies the secret and nothing else', async () => {
    const { secret } = issueApiKey();
    const stored = await hashSecret(secret);
    expect(stored.secretHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored.secretHash).not.toContain(secret);
    expect(await verifySecret(secret, stored)).toBe(true);
    expect(await verifySecret(`${secret}x`, stored)).toBe(false);
    expect(await verifySecret(secret.slice(1), stored)).toBe(false);
    const again = await hashSecret(secret);
    expect(again.salt).not.toBe(stored.salt);
    expect(again.secretHash).not.toBe(stored.secretHash);
  });

  it('compares with timingSafeEqual, also when the lengths differ (no early exit)', () => {
    const compare = jest.spyOn(crypto, 'timingSafeEqual');
    const expected = Buffer.from('0123456789abcdef0123456789abcdef');
    expect(secretsMatch(Buffer.from('0123456789abcdef0123456789abcdef'), expected)).toBe(true);
    expect(secretsMatch(Buffer.from('0123456789abcdef0123456789abcdeX'), expected)).toBe(false);
    expect(secretsMatch(Buffer.from('short'), expected)).toBe(false);
    expect(secretsMatch(Buffer.alloc(0), expected)).toBe(false);
    expect(secretsMatch(Buffer.from(`${expected.toString()}-longer`), expected)).toBe(false);
    // Every comparison, whatever the lengths, ran one full constant-time comparison.
    expect(compare).toHaveBeenCalledTimes(5);
    for (const [left, right] of compare.mock.calls) expect(left.byteLength).toBe(right.byteLength);
  });

  it('verification goes through the constant-time comparison', async () => {
    const compare = jest.spyOn(crypto, 'timingSafeEqual');
    const stored = await hashSecret('a secret');
    await verifySecret('another secret', stored);
    expect(compare).toHaveBeenCalledTimes(1);
  });

  it('digests a presented key for the cache without keeping it', () => {
    const { apiKey } = issueApiKey();
    expect(digestOf(apiKey)).not.toContain(apiKey);
    expect(digestOf(apiKey)).toBe(digestOf(apiKey));
  });
});
