import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactTable, factReadModel, type ReadModel } from '@lotstream/messaging';
import { equipmentIdOf, instantOrNull, numberOrNull, textOrNull } from '../facts';

const EQUIPMENT = new FactTable(
  'trace_equipment',
  [
    ['equipment_id', 'text'],
    ['kind', 'text'],
    ['description', 'text', 'nullable'],
    ['site_id', 'text'],
    ['calibration_interval_days', 'integer', 'nullable'],
    ['registered_at', 'timestamptz'],
  ],
  ['equipment_id'],
);

const CALIBRATIONS = new FactTable(
  'trace_calibrations',
  [
    ['equipment_id', 'text'],
    ['stream_version', 'integer'],
    ['calibration_id', 'text'],
    ['performed_at', 'timestamptz'],
    ['as_found', 'text'],
    ['as_left', 'text'],
    ['next_due_at', 'timestamptz'],
    ['certificate_ref', 'text', 'nullable'],
    ['performed_by', 'text', 'nullable'],
  ],
  ['equipment_id', 'stream_version'],
  [{ name: 'trace_calibrations_timeline', on: ['equipment_id', 'performed_at', 'stream_version'] }],
);

/**
 * Equipment and its calibration timeline. Whether a gauge was in calibration when it was used is
 * answered at query time from this timeline, never stored with the use: the calibration and the
 * use travel on different topics and either may be projected first.
 */
export const equipmentCalibrationReadModel: ReadModel = factReadModel('equipment-calibration', [EQUIPMENT, CALIBRATIONS], applyEquipmentCalibration);

export const EQUIPMENT_CALIBRATION_TABLES = equipmentCalibrationReadModel.tables;

async function applyEquipmentCalibration(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  const equipment = EQUIPMENT.rows();
  const calibrations = CALIBRATIONS.rows();
  for (const event of events) {
    const equipmentId = equipmentIdOf(event);
    if (equipmentId === undefined) continue;
    const d = event.data;
    if (event.type === 'EquipmentRegistered') {
      equipment.add([
        equipmentId,
        String(d.kind ?? 'gauge'),
        textOrNull(d.description),
        String(d.siteId ?? event.metadata?.siteId ?? ''),
        numberOrNull(d.calibrationIntervalDays),
        event.occurredAt,
      ]);
    } else if (event.type === 'CalibrationRecorded') {
      const performedAt = instantOrNull(d.performedAt);
      const nextDueAt = instantOrNull(d.nextDueAt);
      // The write side validates both; a malformed historical event must not stop the projector.
      if (!performedAt || !nextDueAt) continue;
      calibrations.add([
        equipmentId,
        event.streamVersion,
        String(d.calibrationId ?? ''),
        performedAt,
        d.asFound === 'in-tolerance' ? 'in-tolerance' : 'out-of-tolerance',
        d.asLeft === 'in-tolerance' ? 'in-tolerance' : 'out-of-tolerance',
        nextDueAt,
        textOrNull(d.certificateRef),
        textOrNull(d.performedBy),
      ]);
    }
  }
  await equipment.flush(tx);
  await calibrations.flush(tx);
}
