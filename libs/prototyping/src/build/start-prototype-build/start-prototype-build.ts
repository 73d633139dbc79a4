import { Decision, reject } from '@lotstream/domain';
import type { PrototypeBuildStarted } from '../prototype.events';
import type { PrototypeState } from '../prototype.state';

/** Start a one-off build of a part design "from 0 to 1"; it is recorded apart from production. */
export interface StartPrototypeBuild {
  buildId: string;
  partNumber: string;
  designRevision: string;
  siteId: string;
  requestedBy: string;
  purpose: string;
  occurredAt?: string;
}

export interface StartPrototypeBuildSituation {
  build: PrototypeState;
  /** A production lot already uses this number. */
  lotExists: boolean;
}

export function decideStartPrototypeBuild(command: StartPrototypeBuild, { build, lotExists }: StartPrototypeBuildSituation): Decision<PrototypeBuildStarted> {
  if (build.started) return reject('conflict', 'build-already-started', `Prototype build ${command.buildId} already exists.`, 'buildId');
  if (lotExists) {
    return reject('rule', 'number-is-lot', `${command.buildId} is a production lot number; a prototype build needs its own id.`, 'buildId');
  }
  return [
    {
      type: 'PrototypeBuildStarted',
      data: {
        buildId: command.buildId,
        partNumber: command.partNumber,
        designRevision: command.designRevision,
        siteId: command.siteId,
        requestedBy: command.requestedBy,
        purpose: command.purpose,
      },
    },
  ];
}
