import type { LoadedStream, PlannedAppend } from './write-model';

/**
 * How many events the cache holds at most, over all its streams. Measured in the compiled
 * standalone under 16 clients of single-event writes on 480 lots: the cache kept about 640 bytes
 * per event (the event data and the folded state), and with only its stream count bounded it held
 * every event written since the start — the heap live after a full GC grew 47.8 → 74.4 MiB over
 * 40,000 writes, 7.7 MiB of it in this map at 13,000 (heap snapshots; docs/performance.md). 20,000
 * events (~12 MiB; a day's lots of a line at ~25 events each) keeps `npm start` at 272–288 MiB
 * resident under that load with its 160 MB old-space cap; 50,000 took it to 303–318 MiB. Past the
 * budget, streams written round-robin (the memory bench's 480 lots, each growing to hundreds of
 * events) miss every time and are read from the store, as without a cache.
 */
const MAX_CACHED_EVENTS = 20_000;

/**
 * The streams this process wrote last, as they stood after its own append: a single command on a
 * stream it wrote a moment ago is decided without reading the stream again. Only ever a guess — the
 * append is conditional on the version the decision was made on, so a stream another process
 * moved meanwhile fails the append, and the command runner then decides again on the store's
 * stream. Bounded in streams and in events (least recently used out first): a stream grows with
 * every write on it, so a bound on the number of streams alone lets the cache grow without end.
 */
export class StreamCache {
  private readonly streams = new Map<string, LoadedStream>();
  private events = 0;

  constructor(
    private readonly capacity = 2000,
    private readonly maxEvents = MAX_CACHED_EVENTS,
  ) {}

  /** Events held over all cached streams. */
  get size(): { streams: number; events: number } {
    return { streams: this.streams.size, events: this.events };
  }

  get(streamId: string): LoadedStream | undefined {
    const stream = this.streams.get(streamId);
    if (stream) {
      this.streams.delete(streamId);
      this.streams.set(streamId, stream);
    }
    return stream;
  }

  /** The stream `loaded` was, with the append that just landed on it at `version`. */
  written(loaded: LoadedStream, append: PlannedAppend, version: number): void {
    if (append.streamId !== loaded.streamId || version !== loaded.version + append.events.length) {
      this.forget([loaded.streamId]);
      return;
    }
    // The new stream folds on from the old one's state (foldStream's memo); the old one needs no
    // base of its own any more, or the chain would keep every earlier copy alive.
    const next: LoadedStream = {
      streamId: loaded.streamId,
      version,
      events: [...loaded.events, ...append.events.map((e) => ({ type: e.type, data: e.data }))],
      base: loaded,
    };
    loaded.base = undefined;
    this.forget([next.streamId]);
    // A stream longer than the whole budget is read from the store each time instead.
    if (next.events.length > this.maxEvents) return;
    this.streams.set(next.streamId, next);
    this.events += next.events.length;
    while (this.streams.size > this.capacity || this.events > this.maxEvents) this.drop(this.streams.keys().next().value as string);
  }

  forget(streamIds: Iterable<string>): void {
    for (const id of streamIds) this.drop(id);
  }

  private drop(streamId: string): void {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    this.streams.delete(streamId);
    this.events -= stream.events.length;
  }
}
