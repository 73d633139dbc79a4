import { Actor, canSeeSite } from '@lotstream/access';
import type { Rejection } from './domain/decider';
import type { LoadedStream, StreamView } from './write-model';

/** A stream a command may act on: loaded, folded, and of a site the writer's key sees. */
export interface VisibleStream<S> {
  stream: LoadedStream;
  state: S;
  siteId: string;
}

/**
 * The stream folded to its state, or the not-found refusal when it does not exist yet (no site) or
 * belongs to a site the key does not see: another site's lot answers exactly like a missing one, so
 * a key cannot learn what other sites hold.
 */
export function visibleStream<S>(
  stream: LoadedStream,
  fold: (stream: LoadedStream) => S,
  siteOf: (state: S) => string | undefined,
  actor: Actor,
  notFound: () => Rejection,
): VisibleStream<S> | Rejection {
  const state = fold(stream);
  const siteId = siteOf(state);
  if (siteId === undefined || !canSeeSite(actor, siteId)) return notFound();
  return { stream, state, siteId };
}

/** Loads the stream from the view, then as visibleStream. */
export async function loadVisible<S>(
  view: StreamView,
  streamId: string,
  fold: (stream: LoadedStream) => S,
  siteOf: (state: S) => string | undefined,
  actor: Actor,
  notFound: () => Rejection,
): Promise<VisibleStream<S> | Rejection> {
  return visibleStream(await view.load(streamId), fold, siteOf, actor, notFound);
}
