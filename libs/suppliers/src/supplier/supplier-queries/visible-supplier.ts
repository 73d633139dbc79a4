import { Actor, canSeeSite } from '@lotstream/access';
import type { EventStore } from '@lotstream/event-store';
import { problem, ProblemError } from '@lotstream/platform';
import { isTimestamp } from '@lotstream/recording';
import { SupplierEvent, supplierStreamId } from '../supplier.events';
import { evolveSupplier, initialSupplierState, SupplierState } from '../supplier.state';

/**
 * The supplier folded from its own stream (never a lagging read model), as recorded up to `asOf`
 * when given; a supplier of none of the caller's sites answers 404 like a missing one.
 */
export async function visibleSupplier(store: Pick<EventStore, 'readStream'>, actor: Actor, supplierId: string, asOf?: string): Promise<SupplierState> {
  if (asOf !== undefined && !isTimestamp(asOf)) throw new ProblemError(problem(400, 'bad-request', 'asOf must be an ISO-8601 date-time with an offset.'));
  const events = await store.readStream(supplierStreamId(supplierId));
  const until = asOf !== undefined ? Date.parse(asOf) : Infinity;
  const state = events
    // As the service knew it then: the events recorded up to asOf, so a past answer replays exactly.
    .filter((e) => Date.parse(e.recordedAt) <= until)
    .reduce((s, e) => evolveSupplier(s, e as unknown as SupplierEvent), initialSupplierState);
  const siteIds = state.registered?.siteIds ?? [];
  if (!siteIds.some((siteId) => canSeeSite(actor, siteId))) {
    throw new ProblemError(problem(404, 'supplier-not-found', `Supplier ${supplierId} was not found.`));
  }
  return state;
}
