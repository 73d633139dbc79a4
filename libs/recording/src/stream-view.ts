import type { EventStore, RecordedEvent } from '@lotstream/event-store';
import type { LoadedStream, PlannedAppend, StreamView } from './write-model';

const loadedFrom = (streamId: string, events: RecordedEvent[]): LoadedStream => ({
  streamId,
  version: events.length === 0 ? 0 : events[events.length - 1].streamVersion,
  events: events.map((e) => ({ type: e.type, data: e.data })),
});

/** Reads each stream from the store once per command (a handler may ask twice: If-Match, then decide). */
export class StoreView implements StreamView {
  private readonly loaded = new Map<string, Promise<LoadedStream>>();

  constructor(private readonly store: Pick<EventStore, 'readStream' | 'readStreams'>) {}

  load(streamId: string): Promise<LoadedStream> {
    let stream = this.loaded.get(streamId);
    if (!stream) {
      stream = this.store.readStream(streamId).then((events) => loadedFrom(streamId, events));
      this.loaded.set(streamId, stream);
    }
    return stream;
  }

  /** The stream if this view has loaded (or been seeded with) it, without reading the store. */
  peek(streamId: string): Promise<LoadedStream> | undefined {
    return this.loaded.get(streamId);
  }

  /** A stream already known (StreamCache): load() answers with it instead of reading the store. */
  seed(stream: LoadedStream): void {
    this.loaded.set(stream.streamId, Promise.resolve(stream));
  }

  /** Loads many streams ahead in one query (a batch's lots, gauges and input lots). */
  async prefetch(streamIds: Iterable<string>): Promise<void> {
    const pending = [...new Set(streamIds)].filter((id) => !this.loaded.has(id));
    if (pending.length === 0) return;
    const read = this.store.readStreams(pending);
    const loads = pending.map((id) => read.then((streams) => loadedFrom(id, streams.get(id) ?? [])));
    pending.forEach((id, i) => this.loaded.set(id, loads[i]));
    try {
      // Awaiting every derived promise (not only `read`) leaves none of them rejected unobserved.
      await Promise.all(loads);
    } catch (error) {
      this.forget(pending);
      throw error;
    }
  }

  /** A batch item was decided: later items see its events as if they were stored already. */
  assume(appends: PlannedAppend[]): void {
    for (const append of appends) {
      const previous = this.loaded.get(append.streamId);
      const base = previous ?? Promise.resolve({ streamId: append.streamId, version: 0, events: [] });
      this.loaded.set(
        append.streamId,
        base.then((stream) => ({
          streamId: stream.streamId,
          version: stream.version + append.events.length,
          events: [...stream.events, ...append.events.map((e) => ({ type: e.type, data: e.data }))],
          base: stream,
        })),
      );
    }
  }

  /** What was assumed did not land (a conflict): read these streams again next time. */
  forget(streamIds: string[]): void {
    for (const id of streamIds) this.loaded.delete(id);
  }
}
