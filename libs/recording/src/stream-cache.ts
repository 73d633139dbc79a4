import type { LoadedStream, PlannedAppend } from './write-model';

/**
 * The streams this process wrote last, as they stood after its own append: a single command on a
 * stream it wrote a moment ago is decided without reading the stream again. Only ever a guess — the
 * append is conditional on the version the decision was made on, so a stream another process
 * moved meanwhile fails the append, and the command runner then decides again on the store's
 * stream. Bounded (least recently used out first): a lot of ~25 events is a few kilobytes.
 */
export class StreamCache {
  private readonly streams = new Map<string, LoadedStream>();

  constructor(private readonly capacity = 2000) {}

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
      this.streams.delete(loaded.streamId);
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
    this.streams.delete(next.streamId);
    this.streams.set(next.streamId, next);
    if (this.streams.size > this.capacity) this.streams.delete(this.streams.keys().next().value as string);
  }

  forget(streamIds: Iterable<string>): void {
    for (const id of streamIds) this.streams.delete(id);
  }
}
