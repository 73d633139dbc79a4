import { canonicalJson } from './canonical-json';
import { decodeCheckpoint, encodeCheckpoint, START } from './safe-order';
import { Upcasters } from './upcasters';
import type { RecordedEvent } from './event-store.types';

describe('canonicalJson', () => {
  it('gives the same text whatever the key order (as jsonb returns it)', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [1, 2] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('drops undefined members like JSON does, keeps nulls', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it('refuses non-finite numbers', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('safe-order cursor', () => {
  it('round-trips and rejects malformed cursors', () => {
    const cursor = encodeCheckpoint({ transactionId: '4211', position: '9' });
    expect(decodeCheckpoint(cursor)).toEqual({ transactionId: '4211', position: '9' });
    expect(decodeCheckpoint('')).toEqual(START);
    expect(decodeCheckpoint('abc')).toBeUndefined();
    expect(decodeCheckpoint('1_2_3')).toBeUndefined();
  });
});

describe('Upcasters', () => {
  const event = (schemaVersion: number, data: Record<string, unknown>) => ({ type: 'Thing', schemaVersion, data }) as unknown as RecordedEvent;

  it('applies every step from the stored version to the current one, in order', () => {
    const upcasters = new Upcasters([
      { type: 'Thing', fromVersion: 1, upcast: (d) => ({ ...d, unit: 'mm' }) },
      { type: 'Thing', fromVersion: 2, upcast: (d) => ({ ...d, unit: String(d.unit).toUpperCase() }) },
    ]);
    expect(upcasters.upcast(event(1, { v: 1 }))).toMatchObject({ schemaVersion: 3, data: { v: 1, unit: 'MM' } });
    expect(upcasters.upcast(event(3, { v: 1 }))).toMatchObject({ schemaVersion: 3, data: { v: 1 } });
  });
});
