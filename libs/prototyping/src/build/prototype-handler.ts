import type { Actor } from '@lotstream/access';
import { isRejection, LoadedStream, reject, Rejection } from '@lotstream/domain';
import { loadVisible, StreamView } from '@lotstream/recording';
import { prototypeStreamId } from './prototype.events';
import { prototypeOf, PrototypeState } from './prototype.state';

/** Loads a build for a command on it; a build of another site answers exactly like a missing one. */
export async function loadBuild(
  view: StreamView,
  buildId: string,
  actor: Actor,
): Promise<{ stream: LoadedStream; build: PrototypeState & { started: NonNullable<PrototypeState['started']> } } | Rejection> {
  const loaded = await loadVisible(
    view,
    prototypeStreamId(buildId),
    prototypeOf,
    (build) => build.started?.siteId,
    actor,
    () => buildNotFound(buildId),
  );
  if (isRejection(loaded)) return loaded;
  return { stream: loaded.stream, build: loaded.state as PrototypeState & { started: NonNullable<PrototypeState['started']> } };
}

export const buildNotFound = (buildId: string): Rejection => reject('not-found', 'build-not-found', `Prototype build ${buildId} was not found.`);

export { closedBuild } from './prototype.state';
