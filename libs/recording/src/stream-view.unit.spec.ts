import type { RecordedEvent } from '@lotstream/event-store';
import { StoreView } from './stream-view';

const recorded = (streamId: string, streamVersion: number, type = 'E'): RecordedEvent =>
  ({ streamId, streamVersion, type, data: { v: streamVersion } }) as unknown as RecordedEvent;

/** A store that serves streams from memory and counts how it was asked. */
const storeOf = (streams: Record<string, RecordedEvent[]>, failing = false) => {
  const calls = { readStream: [] as string[], readStreams: [] as string[][] };
  return {
    calls,
    readStream: async (streamId: string) => {
      calls.readStream.push(streamId);
      return streams[streamId] ?? [];
    },
    readStreams: async (streamIds: string[]) => {
      calls.readStreams.push(streamIds);
      if (failing) throw new Error('connection lost');
      return new Map(streamIds.map((id) => [id, streams[id] ?? []]));
    },
  };
};

describe('StoreView', () => {
  it('prefetches a batch of streams with one read, and loads them from it afterwards', async () => {
    const store = storeOf({ 'lot-A': [recorded('lot-A', 1), recorded('lot-A', 2)], 'equipment-G': [recorded('equipment-G', 1)] });
    const view = new StoreView(store);
    await view.prefetch(['lot-A', 'equipment-G', 'lot-A', 'lot-NEW']);
    expect(store.calls.readStreams).toEqual([['lot-A', 'equipment-G', 'lot-NEW']]);
    expect(await view.load('lot-A')).toEqual({
      streamId: 'lot-A',
      version: 2,
      events: [
        { type: 'E', data: { v: 1 } },
        { type: 'E', data: { v: 2 } },
      ],
    });
    expect(await view.load('lot-NEW')).toEqual({ streamId: 'lot-NEW', version: 0, events: [] });
    await view.prefetch(['lot-A']);
    expect(store.calls.readStreams).toHaveLength(1);
    expect(store.calls.readStream).toEqual([]);
  });

  it('forgets what a failed prefetch promised, so a later load reads the stream again', async () => {
    const store = storeOf({ 'lot-A': [recorded('lot-A', 1)] }, true);
    const view = new StoreView(store);
    await expect(view.prefetch(['lot-A', 'lot-B'])).rejects.toThrow('connection lost');
    expect(await view.load('lot-A')).toMatchObject({ version: 1 });
    expect(store.calls.readStream).toEqual(['lot-A']);
  });
});
