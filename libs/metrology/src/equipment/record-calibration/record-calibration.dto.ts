import { EnumField, IdField, NameField, TimestampField } from '@lotstream/recording';
import type { ToleranceState } from '../equipment.events';
import type { RecordCalibration } from './record-calibration';

const TOLERANCE: ToleranceState[] = ['in-tolerance', 'out-of-tolerance'];

export class RecordCalibrationBody implements Omit<RecordCalibration, 'equipmentId'> {
  @IdField('CAL-2026-0317') calibrationId: string;
  @TimestampField('2026-11-20T10:00:00Z') performedAt: string;
  @EnumField(TOLERANCE, 'in-tolerance', true, 'State before any adjustment.') asFound: ToleranceState;
  @EnumField(TOLERANCE, 'in-tolerance', true, 'State after adjustment.') asLeft: ToleranceState;
  @TimestampField('2027-05-19T10:00:00Z') nextDueAt: string;
  @NameField('CERT-88-2026-0317') certificateRef: string;
  @NameField('Metrology Lab A') performedBy: string;
}

export class RecordCalibrationDto extends RecordCalibrationBody implements RecordCalibration {
  @IdField('GAUGE-MIC-0042') equipmentId: string;
}
