import { Decision, reject } from '@lotstream/domain';
import type { PrototypeBuildCompleted } from '../prototype.events';
import type { PrototypeState } from '../prototype.state';

/** The build is judged by its result, once: accepted or rejected. */
export interface CompletePrototypeBuild {
  buildId: string;
  outcome: 'accepted' | 'rejected';
  occurredAt?: string;
}

export function decideCompletePrototypeBuild(command: CompletePrototypeBuild, build: PrototypeState): Decision<PrototypeBuildCompleted> {
  if (!build.started) return reject('not-found', 'build-not-found', `Prototype build ${command.buildId} was not found.`);
  if (build.outcome) return reject('conflict', 'build-already-completed', `Prototype build ${command.buildId} is already completed (${build.outcome}).`);
  return [{ type: 'PrototypeBuildCompleted', data: { outcome: command.outcome } }];
}
