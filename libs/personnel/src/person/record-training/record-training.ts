import { Decision, reject } from '@lotstream/domain';
import type { TrainingCompleted } from '../person.events';
import type { PersonState } from '../person.state';

/** A person completed training on one document revision (e.g. SOP-TURN-C). */
export interface RecordTraining {
  personId: string;
  trainingId: string;
  revisionId: string;
  completedAt: string;
  trainer: string;
  evidenceRef?: string;
}

export function decideRecordTraining(command: RecordTraining, person: PersonState): Decision<TrainingCompleted> {
  if (person.trainingIds.has(command.trainingId)) {
    return reject('conflict', 'training-already-recorded', `Training ${command.trainingId} is already recorded.`, 'trainingId');
  }
  const { trainingId, revisionId, completedAt, trainer, evidenceRef } = command;
  return [{ type: 'TrainingCompleted', data: { trainingId, revisionId, completedAt, trainer, ...(evidenceRef !== undefined ? { evidenceRef } : {}) } }];
}
