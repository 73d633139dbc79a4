import { PERSONNEL_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { personStreamId } from '../person.events';
import { RecordTrainingBody, RecordTrainingDto } from './record-training.dto';
import { RecordTrainingCommand } from './record-training.handler';

export const RECORD_TRAINING = defineCommand({
  type: 'RecordTraining',
  payload: RecordTrainingDto,
  body: RecordTrainingBody,
  command: RecordTrainingCommand,
  roles: PERSONNEL_WRITERS,
  route: { path: '/v1/personnel/{personId}/trainings', params: [{ name: 'personId', example: 'OPR-117' }] },
  api: {
    summary: 'Record a training on a document revision',
    description: 'Unknown person → 404; a training id is recorded once (409).',
    event: 'TrainingCompleted',
    example: { trainingId: 'TRN-2026-0412', revisionId: 'SOP-TURN-C', completedAt: '2026-02-02T14:00:00Z', trainer: 'QE-004' },
  },
  streamOf: (p) => personStreamId(p.personId),
});
