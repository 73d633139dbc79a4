import { Actor, canSeeSite } from '@lotstream/access';
import { reject, Rejection } from '@lotstream/domain';
import { StreamView, VisibleStream } from '@lotstream/recording';
import { supplierStreamId } from './supplier.events';
import { supplierOf, SupplierState } from './supplier.state';

export const supplierNotFound = (supplierId: string): Rejection => reject('not-found', 'supplier-not-found', `Supplier ${supplierId} was not found.`);

/** Loads the supplier a command addresses; a supplier of none of the key's sites answers exactly like a missing one. */
export async function loadSupplier(view: StreamView, supplierId: string, actor: Actor): Promise<VisibleStream<SupplierState> | Rejection> {
  const stream = await view.load(supplierStreamId(supplierId));
  const state = supplierOf(stream);
  const siteIds = state.registered?.siteIds ?? [];
  if (!siteIds.some((siteId) => canSeeSite(actor, siteId))) return supplierNotFound(supplierId);
  return { stream, state, siteId: siteIds[0] };
}
