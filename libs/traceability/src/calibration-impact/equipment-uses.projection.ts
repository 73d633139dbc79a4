import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import type { ReadModel } from '@lotstream/messaging';
import { instantOrNull, lotNumberOf, textOrNull } from '../facts';

/**
 * Uses of equipment on lots: inspections by gauge, and production steps by machine, indexed by
 * equipment and time so a calibration found out of tolerance finds the measurements and the work
 * it puts in doubt. Only lot streams: prototype inspections never enter.
 */
export const EQUIPMENT_USES_TABLES = ['trace_gauge_inspections', 'trace_step_equipment'];

export const equipmentUsesReadModel: ReadModel = {
  name: 'equipment-uses',
  tables: EQUIPMENT_USES_TABLES,
  ddl: [
    `CREATE TABLE IF NOT EXISTS trace_gauge_inspections (
       lot_number text NOT NULL,
       stream_version integer NOT NULL,
       inspection_id text NOT NULL,
       gauge_id text NOT NULL,
       stage text,
       characteristic_id text,
       part_number text,
       inspector_id text,
       inspected_at timestamptz NOT NULL,
       verdict text,
       PRIMARY KEY (lot_number, stream_version)
     )`,
    `CREATE INDEX IF NOT EXISTS trace_gauge_inspections_gauge ON trace_gauge_inspections (gauge_id, inspected_at)`,
    `CREATE TABLE IF NOT EXISTS trace_step_equipment (
       lot_number text NOT NULL,
       stream_version integer NOT NULL,
       equipment_id text NOT NULL,
       step_id text NOT NULL,
       operation text,
       started_at timestamptz NOT NULL,
       completed_at timestamptz NOT NULL,
       PRIMARY KEY (lot_number, stream_version, equipment_id)
     )`,
    `CREATE INDEX IF NOT EXISTS trace_step_equipment_equipment ON trace_step_equipment (equipment_id, started_at)`,
  ],
  async apply(tx: PoolClient, event: RecordedEvent): Promise<void> {
    const lotNumber = lotNumberOf(event);
    if (lotNumber === undefined) return;
    const d = event.data;
    if (event.type === 'InspectionRecorded') {
      const inspectedAt = instantOrNull(d.inspectedAt);
      const gaugeId = textOrNull(d.gaugeId);
      if (!inspectedAt || !gaugeId) return;
      await tx.query(
        `INSERT INTO trace_gauge_inspections (lot_number, stream_version, inspection_id, gauge_id, stage, characteristic_id,
           part_number, inspector_id, inspected_at, verdict)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (lot_number, stream_version) DO NOTHING`,
        [
          lotNumber,
          event.streamVersion,
          String(d.inspectionId ?? ''),
          gaugeId,
          textOrNull(d.stage),
          textOrNull(d.characteristic?.id),
          textOrNull(d.partNumber),
          textOrNull(d.inspectorId),
          inspectedAt,
          textOrNull(d.verdict),
        ],
      );
    } else if (event.type === 'ProductionStepCompleted') {
      const startedAt = instantOrNull(d.startedAt);
      const completedAt = instantOrNull(d.completedAt) ?? startedAt;
      const equipmentIds = Array.isArray(d.equipmentIds) ? [...new Set(d.equipmentIds.filter((id: unknown) => typeof id === 'string'))] : [];
      if (!startedAt || !completedAt || equipmentIds.length === 0) return;
      await tx.query(
        `INSERT INTO trace_step_equipment (lot_number, stream_version, equipment_id, step_id, operation, started_at, completed_at)
         SELECT $1, $2, equipment_id, $4, $5, $6, $7 FROM unnest($3::text[]) AS equipment_id
         ON CONFLICT (lot_number, stream_version, equipment_id) DO NOTHING`,
        [lotNumber, event.streamVersion, equipmentIds, String(d.stepId ?? ''), textOrNull(d.operation), startedAt, completedAt],
      );
    }
  },
};
