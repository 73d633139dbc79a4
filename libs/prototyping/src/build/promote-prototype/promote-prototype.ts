import { Decision, reject } from '@lotstream/domain';
import type { PrototypePromoted } from '../prototype.events';
import type { PrototypeState } from '../prototype.state';

/** An accepted build becomes the production baseline of its part: the revisions lots are held to. */
export interface PromotePrototype {
  buildId: string;
  partRevision: string;
  routingRevision: string;
  /** operation → SOP revision. */
  sopRevisions?: Record<string, string>;
  occurredAt?: string;
}

export function decidePromotePrototype(command: PromotePrototype, build: PrototypeState): Decision<PrototypePromoted> {
  if (!build.started) return reject('not-found', 'build-not-found', `Prototype build ${command.buildId} was not found.`);
  if (build.promoted) return reject('conflict', 'build-already-promoted', `Prototype build ${command.buildId} is already promoted.`);
  if (build.outcome !== 'accepted') {
    return reject(
      'rule',
      'build-not-accepted',
      build.outcome
        ? `Prototype build ${command.buildId} was rejected; only an accepted build can be promoted.`
        : `Prototype build ${command.buildId} is not completed yet.`,
    );
  }
  return [
    {
      type: 'PrototypePromoted',
      data: {
        partNumber: build.started.partNumber,
        partRevision: command.partRevision,
        routingRevision: command.routingRevision,
        ...(command.sopRevisions !== undefined ? { sopRevisions: { ...command.sopRevisions } } : {}),
      },
    },
  ];
}
