import { MSA_STUDY_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { equipmentStreamId } from '../equipment.events';
import { RecordMsaStudyBody, RecordMsaStudyDto } from './record-msa-study.dto';
import { RecordMsaStudyCommand } from './record-msa-study.handler';

const parts = ['P1', 'P2'];
const appraisers = ['QC-031', 'QC-044'];

export const RECORD_MSA_STUDY = defineCommand({
  type: 'RecordMsaStudy',
  payload: RecordMsaStudyDto,
  body: RecordMsaStudyBody,
  command: RecordMsaStudyCommand,
  roles: MSA_STUDY_WRITERS,
  route: { path: '/v1/equipment/{equipmentId}/msa-studies', params: [{ name: 'equipmentId', example: 'GAUGE-MIC-0042' }] },
  api: {
    summary: 'Record a gauge R&R study',
    description:
      'A crossed study of a gauge on one part number × characteristic; the service computes both AIAG methods (average and range, ANOVA) ' +
      'and the verdict and stores them with the study. Unknown equipment → 404; a machine, a design outside 2–30 parts × 1–10 appraisers × ' +
      '2–10 trials, or an unbalanced design (the answer says which part × appraiser × trial is missing) → 422; a study id is recorded once (409).',
    event: 'MsaStudyRecorded',
    example: {
      studyId: 'MSA-2026-0007',
      partNumber: 'PN-4711',
      characteristic: { id: 'D-OUTER', unit: 'mm', lsl: 24.95, usl: 25.05 },
      method: 'crossed',
      performedAt: '2026-11-18T14:00:00Z',
      measurements: parts.flatMap((part, p) =>
        appraisers.flatMap((appraiser, a) => [1, 2].map((trial) => ({ part, appraiser, trial, value: 25 + p * 0.01 + a * 0.001 + trial * 0.0005 }))),
      ),
    },
  },
  streamOf: (p) => equipmentStreamId(p.equipmentId),
});
