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

  it('holds no more events than its budget over all streams, least recently used out first', () => {
    const cache = new StreamCache(100, 10);
    cache.written(stream('a', ['X', 'X', 'X']), append('a', 3, ['Y']), 4);
    cache.written(stream('b', ['X', 'X', 'X']), append('b', 3, ['Y']), 4);
    expect(cache.get('a')).toBeDefined();
    cache.written(stream('c', ['X', 'X', 'X']), append('c', 3, ['Y']), 4);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.version).toBe(4);
    expect(cache.get('c')?.version).toBe(4);
    expect(cache.size).toEqual({ streams: 2, events: 8 });
    cache.forget(['a']);
    expect(cache.size).toEqual({ streams: 1, events: 4 });
  });

  it('stays within its event budget while the streams it holds keep growing (the write load of the memory bench)', () => {
    const cache = new StreamCache(2000, 1000);
    const lots = Array.from({ length: 48 }, (_, k) => `lot-${k}`);
    const stored = new Map(lots.map((id) => [id, stream(id, ['LotRegistered'])]));
    let highest = 0;
    for (let i = 0; i < 4800; i++) {
      const id = lots[i % lots.length];
      const loaded = cache.get(id) ?? stored.get(id)!;
      cache.written(loaded, append(id, loaded.version, ['StepDone']), loaded.version + 1);
      stored.set(id, stream(id, ['LotRegistered', ...Array.from({ length: loaded.version }, () => 'StepDone')]));
      highest = Math.max(highest, cache.size.events);
    }
    // 4,848 events were written; without a bound on events the cache would hold all of them.
    expect(highest).toBeLessThanOrEqual(1000);
    expect(cache.size.events).toBe(lots.reduce((sum, id) => sum + (cache.get(id)?.events.length ?? 0), 0));
  });

  it('does not keep a stream longer than the whole budget', () => {
    const cache = new StreamCache(100, 3);
    cache.written(stream('a', ['X', 'X', 'X']), append('a', 3, ['Y']), 4);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toEqual({ streams: 0, events: 0 });
  });
});
