import { PROTOTYPE_WRITERS } from '@lotstream/access';
import { RecordStepBody } from '@lotstream/production';
import { defineCommand } from '@lotstream/recording';
import { prototypeStreamId } from '../prototype.events';
import { RecordPrototypeStepDto } from './record-prototype-step.dto';
import { RecordPrototypeStepCommand } from './record-prototype-step.handler';

export const RECORD_PROTOTYPE_STEP = defineCommand({
  type: 'RecordPrototypeStep',
  payload: RecordPrototypeStepDto,
  body: RecordStepBody,
  command: RecordPrototypeStepCommand,
  roles: PROTOTYPE_WRITERS,
  route: { path: '/v1/prototypes/{buildId}/steps', params: [{ name: 'buildId', example: 'PB-2026-007' }] },
  api: {
    summary: 'Record a step of the build',
    description: 'Same body and rules as a lot step; a completed build takes no more steps (422).',
    event: 'PrototypeStepRecorded',
    example: {
      stepId: 'OP10',
      operation: 'turning',
      sequence: 10,
      workCenter: 'WC-PROTO-1',
      equipmentIds: ['LATHE-02'],
      operatorId: 'OPR-009',
      sopRevision: 'draft',
      startedAt: '2026-10-02T08:00:00Z',
      completedAt: '2026-10-02T11:30:00Z',
      quantityIn: 2,
      quantityGood: 1,
      quantityScrapped: 1,
    },
  },
  streamOf: (p) => prototypeStreamId(p.buildId),
});
