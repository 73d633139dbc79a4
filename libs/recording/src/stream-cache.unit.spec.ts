import { StreamCache } from './stream-cache';
import { foldStream, LoadedStream, PlannedAppend } from './write-model';

const append = (streamId: string, expectedVersion: number, types: string[]): PlannedAppend => ({
  streamId,
  expectedVersion,
  siteId: 'S',
  events: types.map((type) => ({ type, data: { type }, occurredAt: '2026-11-25T08:00:00Z' })),
});
const stream = (streamId: string, types: string[]): LoadedStream => ({
  streamId,
  version: types.length,
  events: types.map((type) => ({ type, data: { type } })),
});
const count = (state: number) => state + 1;

describe('StreamCache', () => {
  it('holds the stream as the append left it, folding on from the state it had', () => {
    const cache = new StreamCache();
    const loaded = stream('lot-1', ['LotRegistered']);
    expect(foldStream(loaded, 0, count)).toBe(1);
    cache.written(loaded, append('lot-1', 1, ['StepDone', 'StepDone']), 3);
    const next = cache.get('lot-1')!;
    expect(next.version).toBe(3);
    expect(next.events.map((e) => e.type)).toEqual(['LotRegistered', 'StepDone', 'StepDone']);
    expect(foldStream(next, 0, count)).toBe(3);
    // Two appends later the first copy is no longer reachable from the cached stream.
    cache.written(next, append('lot-1', 3, ['StepDone']), 4);
    expect(cache.get('lot-1')!.base).toBe(next);
    expect(next.base).toBeUndefined();
    expect(foldStream(cache.get('lot-1')!, 0, count)).toBe(4);
  });

  it('keeps nothing when the written version does not follow the loaded one', () => {
    const cache = new StreamCache();
    cache.written(stream('lot-1', ['LotRegistered']), append('lot-1', 1, ['StepDone']), 5);
    expect(cache.get('lot-1')).toBeUndefined();
  });

  it('drops the least recently used stream beyond its capacity, and forgets on demand', () => {
    const cache = new StreamCache(2);
    cache.written(stream('a', ['X']), append('a', 1, ['Y']), 2);
    cache.written(stream('b', ['X']), append('b', 1, ['Y']), 2);
    expect(cache.get('a')).toBeDefined(); // a is now the most recently used
    cache.written(stream('c', ['X']), append('c', 1, ['Y']), 2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.version).toBe(2);
    cache.forget(['a']);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')?.version).toBe(2);
  });
});
