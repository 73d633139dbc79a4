import { SUPPLIER_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { RecordReceivingInspectionBody, RecordReceivingInspectionDto } from './record-receiving-inspection.dto';
import { RecordReceivingInspectionCommand } from './record-receiving-inspection.handler';

export const RECORD_RECEIVING_INSPECTION = defineCommand({
  type: 'RecordReceivingInspection',
  payload: RecordReceivingInspectionDto,
  body: RecordReceivingInspectionBody,
  command: RecordReceivingInspectionCommand,
  roles: SUPPLIER_WRITERS,
  route: { path: '/v1/lots/{lotNumber}/receiving-inspections', params: [{ name: 'lotNumber', example: 'M-2026-0042' }] },
  api: {
    summary: 'Record the incoming (IQC) attribute inspection of a material lot',
    description:
      "Unknown lot → 404. The lot must be a material lot naming a registered supplier with a sampling plan for its part (422). The service applies the supplier's ISO 2859-1 plan at the current severity and decides accepted / not-accepted; a sample size other than the plan's (or the whole lot) → 422; nonconforming > sampleSize → 422; discontinued inspection → 422 inspection-discontinued. Recorded on the supplier's stream (the switching state) and on the lot's.",
    event: 'ReceivingInspectionRecorded',
    example: { inspectionId: 'IQC-2026-0001', sampleSize: 80, nonconforming: 1, inspectedAt: '2026-03-02T09:15:00Z', inspectorId: 'IQC-INSP-3' },
  },
  streamOf: (p) => `lot-${p.lotNumber}`,
});
