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
  /** Operations that are special processes; each one the build ran or `sopRevisions` names. */
  specialProcesses?: string[];
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
  const known = new Set([...build.operations, ...Object.keys(command.sopRevisions ?? {})]);
  const unknown = (command.specialProcesses ?? []).filter((operation) => !known.has(operation));
  if (unknown.length > 0) {
    return reject(
      'rule',
      'special-process-unknown',
      `Special process(es) ${unknown.join(', ')} are not operations of build ${command.buildId}: none of its steps ran them and sopRevisions does not name them.`,
      'specialProcesses',
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
        ...(command.specialProcesses !== undefined ? { specialProcesses: [...command.specialProcesses] } : {}),
      },
    },
  ];
}
