import { linkTextV2 } from './hash-chain';
import { jsonbText, numericText } from './jsonb-text';

// Expected texts are what PostgreSQL 15 prints for `$1::jsonb::text` (jsonb-text.int.spec.ts checks
// the emulation against the server for arbitrary values; these pin the rules down without one).
describe('jsonbText', () => {
  it('orders keys shorter first, then bytewise in UTF-8, with ", " and ": " separators', () => {
    expect(jsonbText({ b: 1, aa: 2, a: { z: 2, é: 1 }, '': 3 })).toBe('{"": 3, "a": {"z": 2, "é": 1}, "b": 1, "aa": 2}');
    // "é" is two bytes, as long as "ab"; U+E000 sorts before U+1F600 in UTF-8, after it in UTF-16.
    expect(jsonbText({ é: 1, ab: 2, '😀': 3, '\ue000a': 4 })).toBe('{"ab": 2, "é": 1, "\ue000a": 4, "😀": 3}');
    expect(jsonbText({ list: [], map: {}, nested: [[1, [2]], { x: null }] })).toBe('{"map": {}, "list": [], "nested": [[1, [2]], {"x": null}]}');
  });

  it('escapes strings as escape_json does', () => {
    expect(jsonbText('"\\/\b\f\n\r\t\u0001\u001f\u007f\u2028é')).toBe('"\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\u2028é"');
  });

  it('prints numbers as numeric does: plain decimals, no negative zero', () => {
    expect([1e21, 1.5e-7, -1e-7, 5e-324, 1.2345e21, -0, 0.1, 100, 2 ** 53].map(numericText)).toEqual([
      '1000000000000000000000',
      '0.00000015',
      '-0.0000001',
      `0.${'0'.repeat(323)}5`,
      '1234500000000000000000',
      '0',
      '0.1',
      '100',
      '9007199254740992',
    ]);
    expect(numericText(Number.MAX_VALUE)).toBe(`17976931348623157${'0'.repeat(292)}`);
  });

  it('applies JSON.stringify first: toJSON, undefined and functions dropped (null in arrays), non-finite as null', () => {
    expect(jsonbText({ at: new Date('2026-11-25T08:30:00Z'), gone: undefined, f: () => 1, n: Number.NaN, list: [undefined, Infinity] })).toBe(
      '{"n": null, "at": "2026-11-25T08:30:00.000Z", "list": [null, null]}',
    );
    expect(() => jsonbText({ big: 1n })).toThrow(TypeError);
  });
});

describe('linkTextV2', () => {
  it('is the jsonb text of the chained fields as an array, instants as given', () => {
    expect(
      linkTextV2({
        eventId: '00000000-0000-4000-8000-000000000000',
        streamId: 'lot-A',
        streamVersion: 2,
        type: 'LotShipped',
        schemaVersion: 1,
        data: { quantity: 40, customer: 'ACME' },
        metadata: { siteId: 'S1' },
        occurredAt: '2026-11-25T08:30:00.000Z',
        recordedAt: '2026-11-25T08:30:01.250Z',
        prevHash: null,
      }),
    ).toBe(
      '["00000000-0000-4000-8000-000000000000", "lot-A", 2, "LotShipped", 1, {"customer": "ACME", "quantity": 40}, {"siteId": "S1"}, ' +
        '"2026-11-25T08:30:00.000Z", "2026-11-25T08:30:01.250Z", null]',
    );
  });
});
