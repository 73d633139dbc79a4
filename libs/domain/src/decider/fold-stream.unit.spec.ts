import { foldStream, foldStreamEvents, LoadedStream } from './decider';

const stream = (types: string[], base?: LoadedStream): LoadedStream => ({
  streamId: 'lot-1',
  version: types.length,
  events: types.map((type) => ({ type, data: {} })),
  base,
});

describe('foldStreamEvents (a stream folded with a fold over many events)', () => {
  it('equals foldStream with the same evolve, folding only the events a stream adds to its base, each stream once', () => {
    const slices: string[][] = [];
    const fold = (events: readonly { type: string }[], from: string[]): string[] => {
      slices.push(events.map((e) => e.type));
      return [...from, ...events.map((e) => e.type)];
    };
    const base = stream(['A', 'B']);
    const extended = stream(['A', 'B', 'C'], base);
    expect(foldStreamEvents(extended, [], fold)).toEqual(foldStream(extended, [] as string[], (s: string[], e: { type: string }) => [...s, e.type]));
    expect(foldStreamEvents(extended, [], fold)).toEqual(['A', 'B', 'C']);
    expect(foldStreamEvents(base, [], fold)).toEqual(['A', 'B']);
    expect(slices).toEqual([['A', 'B'], ['C']]);
  });
});
