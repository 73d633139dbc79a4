import { METROLOGY_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { equipmentStreamId } from '../equipment.events';
import { RecordCalibrationBody, RecordCalibrationDto } from './record-calibration.dto';
import { RecordCalibrationCommand } from './record-calibration.handler';

export const RECORD_CALIBRATION = defineCommand({
  type: 'RecordCalibration',
  payload: RecordCalibrationDto,
  body: RecordCalibrationBody,
  command: RecordCalibrationCommand,
  roles: METROLOGY_WRITERS,
  route: { path: '/v1/equipment/{equipmentId}/calibrations', params: [{ name: 'equipmentId', example: 'GAUGE-MIC-0042' }] },
  api: {
    summary: 'Record a calibration',
    description: 'Unknown equipment → 404; nextDueAt must be after performedAt (422); a calibration id is recorded once (409).',
    event: 'CalibrationRecorded',
    example: {
      calibrationId: 'CAL-2026-0317',
      performedAt: '2026-11-20T10:00:00Z',
      asFound: 'in-tolerance',
      asLeft: 'in-tolerance',
      nextDueAt: '2027-05-19T10:00:00Z',
      certificateRef: 'CERT-88-2026-0317',
      performedBy: 'Metrology Lab A',
    },
  },
  streamOf: (p) => equipmentStreamId(p.equipmentId),
});
