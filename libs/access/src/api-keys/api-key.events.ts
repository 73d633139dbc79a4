import type { Role } from '../actor';

/** The stream that records key management (audit only: the relay publishes none of it). */
export const ACCESS_KEYS_STREAM = 'access-keys';

/** A key was issued. Never carries the secret nor its hash. */
export interface ApiKeyCreated {
  type: 'ApiKeyCreated';
  schemaVersion: 1;
  data: { keyId: string; role: Role; sites: string[]; label: string; createdAt: string };
}

/** A key was revoked: from this instant it authenticates nothing. */
export interface ApiKeyRevoked {
  type: 'ApiKeyRevoked';
  schemaVersion: 1;
  data: { keyId: string; revokedAt: string };
}

export type AccessKeyEvent = ApiKeyCreated | ApiKeyRevoked;
