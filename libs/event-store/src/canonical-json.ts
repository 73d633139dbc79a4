/**
 * Canonical serialisation for hashing (request hashes, and hash-chain format v1; format v2 hashes
 * jsonb's own text, jsonb-text.ts): object keys sorted, no whitespace, undefined members dropped.
 * It must give the same text for a value before it is stored and after it comes back from jsonb
 * (which reorders keys), so only key order is normalised; numbers use JavaScript's shortest form.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite number cannot be hashed');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  throw new TypeError(`cannot hash a ${typeof value}`);
}
