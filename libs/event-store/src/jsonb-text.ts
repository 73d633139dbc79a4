/**
 * The text PostgreSQL prints for a jsonb value (`jsonb_out`, what `value::jsonb::text` gives), computed
 * in JavaScript: `jsonbText(x)` is exactly the server's text for `JSON.stringify(x)` read as jsonb.
 * Hash-chain format v2 hashes that text, so the writer (here, at append time) and the verifier (the
 * server, in one set-based statement) compute the same bytes without a round trip between them.
 *
 * What jsonb does to a JSON text, and this emulates:
 * - object keys are ordered shorter first (length in UTF-8 bytes), then bytewise on UTF-8;
 * - separators are ", " between members and elements and ": " after a key; `{}` and `[]` when empty;
 * - strings are escaped as escape_json does: `\"`, `\\`, `\b \f \n \r \t`, other characters below
 *   U+0020 as `\u00xx` (lowercase hex), everything else (DEL, U+2028, any non-ASCII) as is;
 * - numbers become `numeric`, which prints the plain decimal of the text it was given: JavaScript's
 *   exponent forms (`1e+21`, `1.5e-7`) come out as `1000000000000000000000` and `0.00000015`.
 * And what JSON.stringify does first: `toJSON()` (dates), members whose value is undefined, a function
 * or a symbol are dropped (null in an array), non-finite numbers are null, -0 is 0.
 *
 * Texts the server refuses as jsonb are not its concern (`\u0000`, a lone surrogate): the append of
 * such a value fails in the server whatever the hash.
 */
export function jsonbText(value: unknown): string {
  return write(value, '');
}

/** A JSON string literal as escape_json writes it (for well-formed strings, exactly JSON.stringify's). */
export function jsonbString(text: string): string {
  return JSON.stringify(text);
}

function write(input: unknown, key: string): string {
  const value = resolved(input, key);
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return numericText(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return writeArray(value);
      return writeObject(value as Record<string, unknown>);
    case 'bigint':
      throw new TypeError('a BigInt has no JSON form');
    default:
      // undefined, a function or a symbol where a value must stand (top level, array element).
      return 'null';
  }
}

/** The value JSON.stringify serialises for a member: toJSON() applied, boxed primitives unwrapped. */
function resolved(value: unknown, key: string): unknown {
  if ((typeof value === 'object' && value !== null) || typeof value === 'function' || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, key);
  }
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Number) return Number(value);
  if (value instanceof String) return String(value);
  if (value instanceof Boolean) return value.valueOf();
  return value;
}

function writeArray(array: readonly unknown[]): string {
  if (array.length === 0) return '[]';
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out += ', ';
    out += write(array[i], String(i));
  }
  return out + ']';
}

function writeObject(record: Record<string, unknown>): string {
  const members: Array<{ key: string; value: unknown }> = [];
  let ascii = true;
  for (const key of Object.keys(record)) {
    const value = resolved(record[key], key);
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    if (ascii && !ASCII.test(key)) ascii = false;
    members.push({ key, value });
  }
  if (members.length === 0) return '{}';
  // For ASCII keys UTF-16 length and order are UTF-8's; otherwise compare the UTF-8 bytes themselves.
  members.sort(ascii ? (a, b) => a.key.length - b.key.length || (a.key < b.key ? -1 : 1) : (a, b) => utf8KeyOrder(a.key, b.key));
  let out = '{';
  for (let i = 0; i < members.length; i++) {
    if (i > 0) out += ', ';
    // The value is already resolved: write() resolving it again would call a toJSON result's toJSON.
    out += `${JSON.stringify(members[i].key)}: ${writeResolved(members[i].value, members[i].key)}`;
  }
  return out + '}';
}

function writeResolved(value: unknown, key: string): string {
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? writeArray(value) : writeObject(value as Record<string, unknown>);
  return write(value, key);
}

const ASCII = /^[\x00-\x7f]*$/;

function utf8KeyOrder(a: string, b: string): number {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length - right.length || Buffer.compare(left, right);
}

/**
 * A finite number as numeric_out prints it after reading JavaScript's shortest round-trip text:
 * the same digits, written without an exponent. JavaScript uses an exponent from 1e21 up and below
 * 1e-6; its mantissa has no trailing zeros, so the scale numeric keeps is exactly the digits shown.
 */
export function numericText(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  const text = String(value); // String(-0) is "0", as numeric has no negative zero
  const e = text.indexOf('e');
  if (e === -1) return text;
  const exponent = Number(text.slice(e + 1));
  const negative = text.charCodeAt(0) === 45; // '-'
  const mantissa = text.slice(negative ? 1 : 0, e);
  const point = mantissa.indexOf('.');
  const digits = point === -1 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  const fraction = point === -1 ? 0 : mantissa.length - point - 1;
  const scale = fraction - exponent;
  let plain: string;
  if (scale <= 0) plain = digits + '0'.repeat(-scale);
  else {
    const padded = digits.length > scale ? digits : '0'.repeat(scale - digits.length + 1) + digits;
    plain = `${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
  }
  return negative ? `-${plain}` : plain;
}
