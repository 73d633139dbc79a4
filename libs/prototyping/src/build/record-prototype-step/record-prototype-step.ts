import { RecordStep, stepData, stepRuleBroken } from '@lotstream/production/domain';
import { Decision, reject } from '@lotstream/domain';
import type { PrototypeStepRecorded } from '../prototype.events';
import type { PrototypeState } from '../prototype.state';
import { closedBuild } from '../prototype.state';

/** A step of a prototype build: the same shape and rules as a production step, on the build's stream. */
export interface RecordPrototypeStep extends RecordStep {
  buildId: string;
}

export function decideRecordPrototypeStep(command: RecordPrototypeStep, build: PrototypeState): Decision<PrototypeStepRecorded> {
  if (!build.started) return reject('not-found', 'build-not-found', `Prototype build ${command.buildId} was not found.`);
  if (build.stepIds.has(command.stepId)) {
    return reject('conflict', 'step-already-recorded', `Step ${command.stepId} is already recorded on build ${command.buildId}.`, 'stepId');
  }
  const refused = closedBuild(command.buildId, build) ?? stepRuleBroken(command);
  if (refused) return refused;
  return [{ type: 'PrototypeStepRecorded', data: stepData(command) }];
}
