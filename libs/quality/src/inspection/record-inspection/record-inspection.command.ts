import { QUALITY_WRITERS } from '@lotstream/access';
import { equipmentStreamId } from '@lotstream/metrology';
import { lotStreamId } from '@lotstream/production';
import { defineCommand } from '@lotstream/recording';
import { RecordInspectionBody, RecordInspectionDto } from './record-inspection.dto';
import { RecordInspectionCommand } from './record-inspection.handler';

export const RECORD_INSPECTION = defineCommand({
  type: 'RecordInspection',
  payload: RecordInspectionDto,
  body: RecordInspectionBody,
  command: RecordInspectionCommand,
  roles: QUALITY_WRITERS,
  route: { path: '/v1/lots/{lotNumber}/inspections', params: [{ name: 'lotNumber', example: 'L-2026-0001' }] },
  api: {
    summary: 'Record an inspection (one subgroup of measurements)',
    description:
      'The verdict is computed from the limits (pass when every value is within them, inclusive; n/a without limits) — a `verdict` in the body is refused (400). ' +
      'The gauge must be registered equipment of kind gauge (422); lsl > usl → 422.',
    event: 'InspectionRecorded',
    example: {
      inspectionId: 'INS-2026-1001',
      stage: 'IPQC',
      characteristic: { id: 'D-OUTER', lsl: 24.95, usl: 25.05, nominal: 25, unit: 'mm' },
      measurements: [25.01, 24.99, 25.0, 25.02, 24.98],
      gaugeId: 'GAUGE-MIC-0042',
      inspectorId: 'QC-031',
      inspectedAt: '2026-11-25T09:30:00Z',
    },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
  reads: (p) => [equipmentStreamId(p.gaugeId)],
});
