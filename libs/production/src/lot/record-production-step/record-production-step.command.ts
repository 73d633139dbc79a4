import { PRODUCTION_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { lotStreamId } from '../lot.events';
import { RecordProductionStepDto, RecordStepBody } from './record-production-step.dto';
import { RecordProductionStepCommand } from './record-production-step.handler';

export const RECORD_PRODUCTION_STEP = defineCommand({
  type: 'RecordProductionStep',
  payload: RecordProductionStepDto,
  body: RecordStepBody,
  command: RecordProductionStepCommand,
  roles: PRODUCTION_WRITERS,
  route: { path: '/v1/lots/{lotNumber}/steps', params: [{ name: 'lotNumber', example: 'L-2026-0001', description: '1–64 of [A-Za-z0-9._:/-]' }] },
  api: {
    summary: 'Record a completed production step',
    description: 'completedAt ≥ startedAt and good + scrapped ≤ in (else 422); a shipped lot takes no more steps (422); a step id is recorded once (409).',
    event: 'ProductionStepCompleted',
    example: {
      stepId: 'OP10',
      operation: 'turning',
      sequence: 10,
      workCenter: 'WC-LATHE-2',
      equipmentIds: ['LATHE-07'],
      operatorId: 'OPR-117',
      sopRevision: 'SOP-12 rev D',
      startedAt: '2026-11-25T08:30:00Z',
      completedAt: '2026-11-25T09:10:00Z',
      quantityIn: 500,
      quantityGood: 497,
      quantityScrapped: 3,
      parameters: { spindleSpeedRpm: 8000, coolant: 'emulsion-6%' },
    },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
});
