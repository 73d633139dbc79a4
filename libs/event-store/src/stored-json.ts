import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { ChainedFields } from './hash-chain';

/**
 * The canonical text (canonicalJson) of what JSON stores for a value, in one pass: exactly
 * `canonicalJson(JSON.parse(JSON.stringify(value)))`, without the copy. So it applies JSON's rules
 * first — `toJSON()` (dates), boxed primitives unwrapped, members whose value is undefined, a function
 * or a symbol dropped (null in an array, as for holes), non-finite numbers as null — and then sorts
 * the keys. The append path hashes this text and also sends it as the row's data: jsonb keeps no key
 * order, so the sorted text stores the very value the unsorted one did.
 */
export function storedJson(value: unknown): string {
  const text = write(value, '', []);
  // JSON.stringify(undefined) is undefined and JSON.parse of that throws: no JSON form at all.
  if (text === undefined) throw new TypeError(`a ${typeof value} has no JSON form`);
  return text;
}

function write(input: unknown, key: string, ancestors: object[]): string | undefined {
  let value = input;
  if ((typeof value === 'object' && value !== null) || typeof value === 'function' || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, key);
  }
  if (value instanceof Number) value = Number(value);
  else if (value instanceof String) value = String(value);
  else if (value instanceof Boolean) value = Boolean.prototype.valueOf.call(value);
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // String(-0) is "0", like JSON.stringify; NaN and ±Infinity become null in JSON.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('a BigInt has no JSON form');
    case 'object':
      if (value === null) return 'null';
      break;
    default:
      return undefined; // undefined, a function, a symbol
  }
  const container = value as object;
  // Only ancestors make a cycle (JSON.stringify refuses it too); a value shared by siblings is fine.
  if (ancestors.includes(container)) throw new TypeError('a circular structure has no JSON form');
  ancestors.push(container);
  let out: string;
  if (Array.isArray(container)) {
    out = '[';
    for (let i = 0; i < container.length; i++) out += `${i > 0 ? ',' : ''}${write(container[i], String(i), ancestors) ?? 'null'}`;
    out += ']';
  } else {
    // Sorting every own enumerable key and skipping the dropped ones gives canonicalJson's order of
    // the members that survive the round trip.
    const keys = Object.keys(container).sort();
    out = '{';
    let first = true;
    for (const k of keys) {
      const member = write((container as Record<string, unknown>)[k], k, ancestors);
      if (member === undefined) continue;
      out += `${first ? '' : ','}${JSON.stringify(k)}:${member}`;
      first = false;
    }
    out += '}';
  }
  ancestors.pop();
  return out;
}

/** The chained fields with data and metadata already serialised by storedJson. */
export type StoredChainedFields = Omit<ChainedFields, 'data' | 'metadata'> & { dataJson: string; metadataJson: string };

/**
 * linkHash (hash format v1) from the stored texts: the same bytes as
 * `linkHash({...fields, data: JSON round trip of data, metadata: likewise})`, since canonicalJson of
 * an array is its elements' canonical texts joined by commas.
 */
export function linkHashOfStored(fields: StoredChainedFields): string {
  const text =
    `[${canonicalJson(fields.eventId)},${canonicalJson(fields.streamId)},${canonicalJson(fields.streamVersion)},` +
    `${canonicalJson(fields.type)},${canonicalJson(fields.schemaVersion)},${fields.dataJson},${fields.metadataJson},` +
    `${canonicalJson(fields.occurredAt)},${canonicalJson(fields.recordedAt)},${canonicalJson(fields.prevHash)}]`;
  return createHash('sha256').update(text).digest('hex');
}
