import { Max } from 'class-validator';
import { CountField, EnumField, IdField, TextField, TimestampField } from '@lotstream/recording';
import type { EquipmentKind } from '../equipment.events';
import type { RegisterEquipment } from './register-equipment';

export class RegisterEquipmentDto implements RegisterEquipment {
  @IdField('GAUGE-MIC-0042') equipmentId: string;
  @EnumField(['gauge', 'machine'], 'gauge') kind: EquipmentKind;
  @TextField('Outside micrometer 0–25 mm, 0.001 mm') description: string;
  @IdField('SITE-A') siteId: string;
  @CountField(180, true, 1, 'Days between calibrations (1–3650).')
  @Max(3650)
  calibrationIntervalDays: number;
  @TimestampField('2026-11-01T08:00:00Z', false, 'When it was put in service; server time if omitted.') occurredAt?: string;
}
