import { IdField, NameField, TimestampField } from '@lotstream/recording';
import type { RecordTraining } from './record-training';

export class RecordTrainingBody implements Omit<RecordTraining, 'personId'> {
  @IdField('TRN-2026-0412') trainingId: string;
  @IdField('SOP-TURN-C', true, 'The document revision trained on (what a step sends as sopRevision).') revisionId: string;
  @TimestampField('2026-02-02T14:00:00Z') completedAt: string;
  @NameField('QE-004') trainer: string;
  @NameField('LMS-RECORD-88121', false) evidenceRef?: string;
}

export class RecordTrainingDto extends RecordTrainingBody implements RecordTraining {
  @IdField('OPR-117') personId: string;
}
