import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { linkHash } from './hash-chain';
import { linkHashOfStored, storedJson } from './stored-json';

/** What the append path did before serialising once: a JSON deep copy, then canonicalJson of it. */
const copied = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const outcome = (fn: () => string): { text?: string; threw?: boolean } => {
  try {
    return { text: fn() };
  } catch {
    return { threw: true };
  }
};

describe('storedJson', () => {
  it('is canonicalJson of the JSON copy for the shapes JSON normalises', () => {
    class Reading {
      constructor(readonly value: number) {}
      toJSON(key: string) {
        return { value: this.value, key };
      }
    }
    const values: unknown[] = [
      { b: 1, a: { d: [1, 2], c: 'x' } },
      { a: undefined, b: null, c: () => 1, d: Symbol('s'), e: [undefined, () => 1, Symbol('t')] },
      { at: new Date('2026-11-25T08:30:00Z'), bad: new Date(Number.NaN) },
      { n: Number.NaN, i: Number.POSITIVE_INFINITY, z: -0, big: 1e21, small: 1.5e-7, f: 0.1 + 0.2 },
      { boxed: [new Number(3), new String('s'), new Boolean(false)] },
      { r: new Reading(2), list: [new Reading(3)] },
      { '10': 'ten', '2': 'two', b: 'b', B: 'B', é: 'e', '': 'empty', 'a"\\\n': 'escaped' },
      { text: 'line\nbreak "quoted" \u2028 \u0007 ünï €' },
      Object.assign(Object.create(null), { b: 1, a: 2 }),
      [1, , 3], // eslint-disable-line no-sparse-arrays
      { map: new Map([[1, 2]]), set: new Set([1]), bytes: new Uint8Array([1, 2, 3]) },
      { shared: [1], again: [1] },
    ];
    for (const value of values) expect(storedJson(value)).toBe(canonicalJson(copied(value)));
  });

  it('refuses what JSON refuses: BigInt, cycles, no value at all', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => storedJson({ n: 1n })).toThrow(TypeError);
    expect(() => storedJson(cyclic)).toThrow(TypeError);
    expect(() => storedJson(undefined)).toThrow(TypeError);
    const shared = { x: 1 };
    expect(storedJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
  });

  it('gives the text of the JSON copy for any value (and fails where the copy fails)', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true, withObjectString: true }),
        (value) => {
          const once = outcome(() => storedJson(value));
          const twice = outcome(() => canonicalJson(copied(value)));
          expect(once).toEqual(twice);
          // The row's text is another spelling of the same JSON value (jsonb keeps no key order).
          if (once.text !== undefined) expect(JSON.parse(once.text)).toEqual(copied(value));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('linkHashOfStored', () => {
  it('hashes the same bytes as linkHash over the JSON copies of data and metadata', () => {
    const chained = fc.record({
      eventId: fc.uuid(),
      streamId: fc.string({ minLength: 1 }),
      streamVersion: fc.integer({ min: 1, max: 1_000_000 }),
      type: fc.string({ minLength: 1 }),
      schemaVersion: fc.integer({ min: 1, max: 9 }),
      data: fc.dictionary(fc.string(), fc.jsonValue()),
      metadata: fc.record({ actor: fc.record({ keyId: fc.string(), role: fc.string() }), siteId: fc.option(fc.string(), { nil: undefined }), at: fc.date({ noInvalidDate: true }) }),
      occurredAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      recordedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      prevHash: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }),
    });
    fc.assert(
      fc.property(chained, (fields) => {
        const expected = linkHash({ ...fields, data: copied(fields.data), metadata: copied(fields.metadata) });
        expect(linkHashOfStored({ ...fields, dataJson: storedJson(fields.data), metadataJson: storedJson(fields.metadata) })).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
