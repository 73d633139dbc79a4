import { EventStore, streamCategoryOf } from '@lotstream/event-store';
import { AuditEvent, toAuditEvent } from '../export/audit-event';
import { evolverFor, foldEvents, StreamEvolvers, toJsonValue } from './stream-evolvers';

export interface StreamAsOf {
  streamId: string;
  /** The bound asked for: recorded at or before `asOf`, and/or up to `toVersion`. */
  asOf?: string;
  toVersion?: number;
  /** Version the returned events bring the stream to (0: it did not exist yet). */
  streamVersion: number;
  /** The stream's current version, for comparison. */
  currentVersion: number;
  /** Events as stored (hashes can be recomputed from them). */
  events: AuditEvent[];
  /** The fold of exactly these events (upcast to the current shape) with the command side's evolve. */
  state: unknown;
  /** `decider` when the category's own evolve was used, `generic` otherwise. */
  stateSource: 'decider' | 'generic';
}

/**
 * What a stream's record showed at a moment (`asOf` compares with recorded-at: facts entered later
 * with an earlier occurred-at are not shown) or at a version, and the state it folds into.
 */
export class StreamReplay {
  constructor(
    private readonly store: EventStore,
    private readonly evolvers: StreamEvolvers,
  ) {}

  /** undefined when the stream has no event at all. */
  async replay(streamId: string, bound: { asOf?: string; toVersion?: number } = {}): Promise<StreamAsOf | undefined> {
    const currentVersion = await this.store.streamVersion(streamId);
    if (currentVersion === 0) return undefined;
    const stored = await this.store.readStream(streamId, { asOf: bound.asOf, toVersion: bound.toVersion, upcast: false });
    const { evolver, generic } = evolverFor(this.evolvers, streamCategoryOf(streamId));
    const state = foldEvents(
      evolver,
      stored.map((event) => this.store.upcast(event)),
    );
    return {
      streamId,
      ...(bound.asOf ? { asOf: new Date(bound.asOf).toISOString() } : {}),
      ...(bound.toVersion !== undefined ? { toVersion: bound.toVersion } : {}),
      streamVersion: stored.length === 0 ? 0 : stored[stored.length - 1].streamVersion,
      currentVersion,
      events: stored.map(toAuditEvent),
      state: toJsonValue(state),
      stateSource: generic ? 'generic' : 'decider',
    };
  }

  /** Site of a stream (from its first event's metadata), to scope what a key may see. */
  async siteOf(streamId: string): Promise<string | undefined> {
    const [first] = await this.store.readStream(streamId, { toVersion: 1, upcast: false });
    const site = first?.metadata?.siteId ?? (first?.data as { siteId?: unknown } | undefined)?.siteId;
    return typeof site === 'string' ? site : undefined;
  }
}
