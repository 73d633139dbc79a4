import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * Fingerprint of a write request: the command type and its payload in canonical JSON. HTTP and
 * batch/Kafka build the same payload (path ids folded in), so one key means one request everywhere.
 */
export function requestHash(type: string, payload: unknown): string {
  return createHash('sha256').update(canonicalJson({ type, payload })).digest('hex');
}

/** Idempotency keys are per API key: two integrations may both use "42" without colliding. */
export function namespacedKey(keyId: string, idempotencyKey: string): string {
  return `${keyId}:${idempotencyKey}`;
}
