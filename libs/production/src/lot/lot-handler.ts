import type { Actor } from '@lotstream/access';
import { LoadedStream, reject, Rejection } from '@lotstream/domain';
import { StreamView, visibleStream, VisibleStream } from '@lotstream/recording';
import { lotStreamId } from './lot.events';
import { lotOf, LotState } from './lot.state';

export const lotNotFound = (lotNumber: string): Rejection => reject('not-found', 'lot-not-found', `Lot ${lotNumber} was not found.`);

/** A loaded lot stream as a command on the lot may use it; a lot of another site answers exactly like a missing one. */
export const visibleLot = (stream: LoadedStream, lotNumber: string, actor: Actor): VisibleStream<LotState> | Rejection =>
  visibleStream(
    stream,
    lotOf,
    (lot) => lot.registered?.siteId,
    actor,
    () => lotNotFound(lotNumber),
  );

/** Loads the lot a command addresses, as visibleLot. */
export const loadLot = async (view: StreamView, lotNumber: string, actor: Actor): Promise<VisibleStream<LotState> | Rejection> =>
  visibleLot(await view.load(lotStreamId(lotNumber)), lotNumber, actor);
