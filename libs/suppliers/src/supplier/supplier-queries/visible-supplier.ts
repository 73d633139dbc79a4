import { Actor, canSeeSite } from '@lotstream/access';
import type { EventStore, RecordedEvent } from '@lotstream/event-store';
import { problem, ProblemError } from '@lotstream/platform';
import { isTimestamp } from '@lotstream/recording';
import { SupplierEvent, supplierStreamId } from '../supplier.events';
import { foldSupplierEvents, SupplierState } from '../supplier.state';

type StreamReader = Pick<EventStore, 'readStream'>;

/** A supplier stream folded up to a version. */
interface FoldedSupplier {
  version: number;
  state: SupplierState;
}

/**
 * Suppliers whose folded state this process keeps, per store, least recently read dropped first:
 * at most this many, and at most this many events behind them all (a fold holds every receiving
 * inspection of its stream; a supplier with 2,265 receipts, the 10M bench store's, holds ~2 MB).
 */
export const SUPPLIER_CACHE_LIMIT = { suppliers: 1000, events: 250_000 };

/** The folds kept for one store, in the order last read, and the events behind them all. */
class FoldedSuppliers {
  private readonly folds = new Map<string, FoldedSupplier>();
  private events = 0;

  /** The fold held for a stream, no longer held. */
  take(streamId: string): FoldedSupplier | undefined {
    const folded = this.folds.get(streamId);
    if (folded) {
      this.folds.delete(streamId);
      this.events -= folded.version;
    }
    return folded;
  }

  keep(streamId: string, folded: FoldedSupplier): void {
    this.take(streamId);
    this.folds.set(streamId, folded);
    this.events += folded.version;
    while (this.folds.size > SUPPLIER_CACHE_LIMIT.suppliers || (this.folds.size > 1 && this.events > SUPPLIER_CACHE_LIMIT.events)) {
      this.take(this.folds.keys().next().value!);
    }
  }

  peek(streamId: string): FoldedSupplier | undefined {
    return this.folds.get(streamId);
  }
}

const foldedByStore = new WeakMap<StreamReader, FoldedSuppliers>();

/**
 * The supplier folded from its own stream (never a lagging read model), as recorded up to `asOf`
 * when given; a supplier of none of the caller's sites answers 404 like a missing one.
 */
export async function visibleSupplier(store: StreamReader, actor: Actor, supplierId: string, asOf?: string): Promise<SupplierState> {
  if (asOf !== undefined && !isTimestamp(asOf)) throw new ProblemError(problem(400, 'bad-request', 'asOf must be an ISO-8601 date-time with an offset.'));
  let state: SupplierState;
  if (asOf === undefined) state = await currentSupplier(store, supplierStreamId(supplierId));
  else {
    const until = Date.parse(asOf);
    const events = await store.readStream(supplierStreamId(supplierId));
    // As the service knew it then: the events recorded up to asOf, so a past answer replays exactly.
    state = foldSupplierEvents(supplierEvents(events.filter((e) => Date.parse(e.recordedAt) <= until)));
  }
  const siteIds = state.registered?.siteIds ?? [];
  if (!siteIds.some((siteId) => canSeeSite(actor, siteId))) {
    throw new ProblemError(problem(404, 'supplier-not-found', `Supplier ${supplierId} was not found.`));
  }
  return state;
}

const supplierEvents = (events: RecordedEvent[]): SupplierEvent[] => events as unknown as SupplierEvent[];

/**
 * The supplier as its stream stands now. A supplier read before is kept folded with its version,
 * and each read asks the store only for the events after that version (none, mostly: one indexed
 * query that returns no row), so an event appended by any process is in the very next answer while
 * a supplier with thousands of receipts is not read and folded again on every request.
 */
async function currentSupplier(store: StreamReader, streamId: string): Promise<SupplierState> {
  let cache = foldedByStore.get(store);
  if (!cache) foldedByStore.set(store, (cache = new FoldedSuppliers()));
  const cached = cache.peek(streamId);
  let events = await store.readStream(streamId, cached ? { afterVersion: cached.version } : {});
  let from = cached;
  // Versions are dense; a tail that does not continue the cached version means the cache is not
  // this stream's (never expected): fold the whole stream again.
  if (cached && events.length > 0 && events[0].streamVersion !== cached.version + 1) {
    events = await store.readStream(streamId);
    from = undefined;
  }
  const folded: FoldedSupplier =
    from && events.length === 0
      ? from
      : { version: events.length > 0 ? events[events.length - 1].streamVersion : 0, state: foldSupplierEvents(supplierEvents(events), from?.state) };
  // Not kept: a stream without events (a supplier that does not exist), or a fold older than one a
  // concurrent read kept meanwhile.
  const current = cache.peek(streamId);
  if (folded.version > 0 && (current === undefined || current.version <= folded.version)) cache.keep(streamId, folded);
  else if (current) cache.keep(streamId, current);
  return folded.state;
}
