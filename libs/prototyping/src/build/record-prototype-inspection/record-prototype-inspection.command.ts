import { PROTOTYPE_WRITERS } from '@lotstream/access';
import { equipmentStreamId } from '@lotstream/metrology';
import { RecordInspectionBody } from '@lotstream/quality';
import { defineCommand } from '@lotstream/recording';
import { prototypeStreamId } from '../prototype.events';
import { RecordPrototypeInspectionDto } from './record-prototype-inspection.dto';
import { RecordPrototypeInspectionCommand } from './record-prototype-inspection.handler';

export const RECORD_PROTOTYPE_INSPECTION = defineCommand({
  type: 'RecordPrototypeInspection',
  payload: RecordPrototypeInspectionDto,
  body: RecordInspectionBody,
  command: RecordPrototypeInspectionCommand,
  roles: PROTOTYPE_WRITERS,
  route: { path: '/v1/prototypes/{buildId}/inspections', params: [{ name: 'buildId', example: 'PB-2026-007' }] },
  api: {
    summary: 'Record an inspection of the build',
    description: 'Same body and rules as a lot inspection (verdict computed, gauge checked); never enters production statistics.',
    event: 'PrototypeInspectionRecorded',
    example: {
      inspectionId: 'PINS-001',
      stage: 'FAI',
      characteristic: { id: 'WALL', lsl: 1.15, usl: 1.25, unit: 'mm' },
      measurements: [1.21],
      gaugeId: 'GAUGE-MIC-0042',
      inspectorId: 'QC-031',
      inspectedAt: '2026-10-02T12:00:00Z',
    },
  },
  streamOf: (p) => prototypeStreamId(p.buildId),
  reads: (p) => [equipmentStreamId(p.gaugeId)],
});
