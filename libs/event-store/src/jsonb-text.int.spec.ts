import fc from 'fast-check';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@lotstream/testing';
import { ChainedFields, linkHashV2, linkTextV2 } from './hash-chain';
import { jsonbText, numericText } from './jsonb-text';

// Characters where jsonb's text and a naive JSON text part ways: escapes, control characters, DEL,
// separators JavaScript treats specially, multi-byte UTF-8 of every length, both sides of the
// surrogate range (UTF-16 order and UTF-8 byte order disagree there).
const TRICKY = [
  '"',
  '\\',
  '/',
  '\b',
  '\f',
  '\n',
  '\r',
  '\t',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0080',
  'é',
  '\u2028',
  '\ud7ff',
  '\ue000',
  '\uffff',
  '😀',
  '𝄞',
  'a',
  'b',
  'Z',
  ' ',
];
// NUL is the one character a PostgreSQL text cannot hold (the server refuses it: tested below).
const withoutNul = (s: string): string => s.replace(/\0/g, '');
const text = fc
  .oneof(
    fc.string({ unit: 'binary-ascii', maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 6 }),
  )
  .map(withoutNul);
// Keys that collide on length in UTF-16 but not in UTF-8 (and the reverse), so that jsonb's order matters.
const key = fc.oneof(text, fc.constantFrom('a', 'b', 'aa', 'ab', 'é', 'e', 'ée', 'ea', '\ue000a', '😀', '\ue000', 'id', 'type', 'z', ''));
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ min: -1e-5, max: 1e-5, noNaN: true }),
  fc.constantFrom(-0, 1e21, 1e-7, 1.5e-7, 123e-20, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 53, 0.1 + 0.2, 1e300, 9.999999999999999e20, 1e-6),
);
const scalar = fc.oneof(fc.constant(null), fc.boolean(), number, text);
const { json } = fc.letrec((tie) => ({
  json: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('json'), { maxLength: 5 }),
  object: fc.dictionary(key, tie('json'), { maxKeys: 6 }),
}));
// What JSON.stringify normalises before the server sees it: undefined members, dates, non-finite numbers.
const { jsLike } = fc.letrec((tie) => ({
  jsLike: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.constantFrom(undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
    fc.date({ noInvalidDate: false }),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('jsLike'), { maxLength: 5 }),
  object: fc.dictionary(key, tie('jsLike'), { maxKeys: 6 }),
}));

const SESSION_SETTINGS = fc.record({
  timeZone: fc.constantFrom('UTC', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Kiritimati', 'Europe/Paris'),
  dateStyle: fc.constantFrom('ISO, MDY', 'SQL, DMY', 'German', 'Postgres, YMD'),
});
const instant = fc
  .date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const fields: fc.Arbitrary<ChainedFields> = fc.record({
  eventId: fc.uuid(),
  streamId: text,
  streamVersion: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  type: text,
  schemaVersion: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  data: fc.dictionary(key, json, { maxKeys: 8 }),
  metadata: fc.dictionary(key, json, { maxKeys: 4 }),
  occurredAt: instant,
  recordedAt: instant,
  prevHash: fc.option(fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), text)),
});

describe('jsonbText: the text PostgreSQL prints for jsonb, computed in JavaScript', () => {
  let db: TestDatabase;
  let client: Client;
  beforeAll(async () => {
    db = await createTestDatabase(2);
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.close();
  });

  const serverText = async (jsonTextOf: string): Promise<string> => (await client.query('SELECT $1::jsonb::text AS t', [jsonTextOf])).rows[0].t;

  /** The property every emulation must have: the server's text of JSON.stringify(value). */
  const sameAsServer = (emulate: (value: unknown) => string, values: fc.Arbitrary<unknown>) =>
    fc.asyncProperty(values, async (value) => {
      expect(emulate(value)).toBe(await serverText(JSON.stringify(value) ?? 'null'));
    });

  it('prints what the server prints for any JSON value, and the server reads its own text back unchanged', async () => {
    await fc.assert(sameAsServer(jsonbText, json), { numRuns: 400 });
    // Stored as the data parameter, the emulated text is a fixed point: it stores the same value.
    await fc.assert(
      fc.asyncProperty(json, async (value) => {
        expect(await serverText(jsonbText(value))).toBe(jsonbText(value));
      }),
      { numRuns: 200 },
    );
  });

  it('follows JSON.stringify where JSON has no form: undefined members dropped, toJSON, non-finite numbers as null', async () => {
    await fc.assert(sameAsServer(jsonbText, jsLike), { numRuns: 300 });
    class Reading {
      constructor(readonly value: number) {}
      toJSON(key: string) {
        return { value: this.value, key };
      }
    }
    const value = {
      r: new Reading(2),
      list: [new Reading(3), undefined, () => 1],
      boxed: [new Number(1e21), new String('s'), new Boolean(false)],
      gone: undefined,
      f: () => 1,
    };
    expect(jsonbText(value)).toBe(await serverText(JSON.stringify(value)));
    expect(jsonbText(value)).toBe(
      '{"r": {"key": "r", "value": 2}, "list": [{"key": "0", "value": 3}, null, null], "boxed": [1000000000000000000000, "s", false]}',
    );
  });

  it('prints every JavaScript number as numeric does: the plain decimal, never an exponent', async () => {
    await fc.assert(
      fc.asyncProperty(number, async (n) => {
        expect(numericText(n)).toBe((await client.query('SELECT ($1::text)::numeric::text AS t', [String(n)])).rows[0].t);
      }),
      { numRuns: 500 },
    );
    expect(numericText(-1.5e-7)).toBe('-0.00000015');
    expect(numericText(1.2345e21)).toBe('1234500000000000000000');
  });

  it('meets only strings the server refuses to store where it cannot follow (NUL, a lone surrogate)', async () => {
    for (const refused of ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800']) {
      await expect(serverText(JSON.stringify({ k: refused }))).rejects.toThrow();
      await expect(serverText(jsonbText({ k: refused }))).rejects.toThrow();
    }
  });

  it('gives the link text and hash of format v2 exactly as the server computes them (jsonb_build_array text, events_link_hash_v2), whatever the session TimeZone and DateStyle', async () => {
    await fc.assert(
      fc.asyncProperty(fields, SESSION_SETTINGS, async (f, settings) => {
        await client.query(`SELECT set_config('TimeZone', $1, false), set_config('DateStyle', $2, false)`, [settings.timeZone, settings.dateStyle]);
        const { rows } = await client.query(
          `SELECT events_link_text_v2(a.event_id, a.stream_id, a.stream_version, a.type, a.schema_version, a.data, a.metadata, a.occurred_at, a.recorded_at, a.prev_hash) AS text,
                  events_link_hash_v2(a.event_id, a.stream_id, a.stream_version, a.type, a.schema_version, a.data, a.metadata, a.occurred_at, a.recorded_at, a.prev_hash) AS hash,
                  jsonb_build_array(a.event_id::text, a.stream_id, a.stream_version, a.type, a.schema_version, a.data, a.metadata,
                                    to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                    to_char(a.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), a.prev_hash)::text AS built
             FROM (SELECT $1::uuid AS event_id, $2::text AS stream_id, $3::int AS stream_version, $4::text AS type, $5::int AS schema_version,
                          $6::jsonb AS data, $7::jsonb AS metadata, $8::timestamptz AS occurred_at, $9::timestamptz AS recorded_at, $10::text AS prev_hash) a`,
          [
            f.eventId,
            f.streamId,
            f.streamVersion,
            f.type,
            f.schemaVersion,
            JSON.stringify(f.data),
            JSON.stringify(f.metadata),
            f.occurredAt,
            f.recordedAt,
            f.prevHash,
          ],
        );
        // The function concatenates (cheaper per row); its text is the jsonb array's, byte for byte,
        // for every previous hash the store can hold (a hex digest or null).
        if (f.prevHash === null || /^[0-9a-f]{64}$/.test(f.prevHash)) expect(rows[0].text).toBe(rows[0].built);
        expect(linkTextV2(f)).toBe(rows[0].text);
        expect(linkHashV2(f)).toBe(rows[0].hash);
      }),
      { numRuns: 300 },
    );
    await client.query('RESET TimeZone; RESET DateStyle');
  });

  // The property is only worth something if it can fail: each plausible mistake below must be caught
  // by the very generators used above.
  it.each([
    ['keys sorted by UTF-16 code units (Array.prototype.sort)', (v: unknown) => mutant(v, { sortKeys: (a, b) => (a < b ? -1 : 1) })],
    ['keys ordered by UTF-16 length, then by code units', (v: unknown) => mutant(v, { sortKeys: (a, b) => a.length - b.length || (a < b ? -1 : 1) })],
    ['numbers in JavaScript form (1e+21, 1e-7)', (v: unknown) => mutant(v, { number: (n) => String(n) })],
    ['no space after the colon', (v: unknown) => mutant(v, { colon: ':' })],
    [
      'control characters escaped in uppercase hex',
      (v: unknown) => mutant(v, { string: (s) => JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, (_, h: string) => `\\u00${h.toUpperCase()}`) }),
    ],
  ])('would catch a wrong emulation: %s', async (_name, wrong) => {
    const result = await fc.check(sameAsServer(wrong, json), { numRuns: 3000, endOnFailure: true });
    expect(result.failed).toBe(true);
  });
});

/** jsonbText with one deliberate mistake, for the tests that show the property can fail. */
function mutant(
  value: unknown,
  change: { sortKeys?: (a: string, b: string) => number; number?: (n: number) => string; colon?: string; string?: (s: string) => string },
): string {
  const write = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number') return (change.number ?? numericText)(v);
    if (typeof v === 'string') return (change.string ?? JSON.stringify)(v);
    if (typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.map(write).join(', ')}]`;
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined);
    if (keys.length === 0) return '{}';
    const correct = (a: string, b: string) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b));
    keys.sort(change.sortKeys ?? correct);
    return `{${keys.map((k) => `${JSON.stringify(k)}${change.colon ?? ': '}${write(record[k])}`).join(', ')}}`;
  };
  return write(value);
}
