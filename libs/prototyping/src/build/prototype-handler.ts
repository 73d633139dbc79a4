import { Actor, canSeeSite } from '@lotstream/access';
import { LoadedStream, reject, Rejection, StreamView } from '@lotstream/recording';
import { prototypeStreamId } from './prototype.events';
import { prototypeOf, PrototypeState } from './prototype.state';

/** Loads a build for a command on it; a build of another site answers exactly like a missing one. */
export async function loadBuild(
  view: StreamView,
  buildId: string,
  actor: Actor,
): Promise<{ stream: LoadedStream; build: PrototypeState & { started: NonNullable<PrototypeState['started']> } } | Rejection> {
  const stream = await view.load(prototypeStreamId(buildId));
  const build = prototypeOf(stream);
  if (!build.started || !canSeeSite(actor, build.started.siteId)) return buildNotFound(buildId);
  return { stream, build: build as PrototypeState & { started: NonNullable<PrototypeState['started']> } };
}

export const buildNotFound = (buildId: string): Rejection => reject('not-found', 'build-not-found', `Prototype build ${buildId} was not found.`);

/** Steps and inspections belong to the build while it runs; once it is judged, its record of making is closed. */
export function closedBuild(buildId: string, build: PrototypeState): Rejection | undefined {
  return build.outcome ? reject('rule', 'build-completed', `Prototype build ${buildId} is completed (${build.outcome}).`) : undefined;
}
