import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactTable, type ReadModel } from '@lotstream/messaging';
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
  apply: (tx, event) => applyEquipmentUses(tx, [event]),
  applyBatch: applyEquipmentUses,
};

const GAUGE_INSPECTIONS = new FactTable(
  'trace_gauge_inspections',
  [
    ['lot_number', 'text'],
    ['stream_version', 'integer'],
    ['inspection_id', 'text'],
    ['gauge_id', 'text'],
    ['stage', 'text'],
    ['characteristic_id', 'text'],
    ['part_number', 'text'],
    ['inspector_id', 'text'],
    ['inspected_at', 'timestamptz'],
    ['verdict', 'text'],
  ],
  ['lot_number', 'stream_version'],
);

const STEP_EQUIPMENT = new FactTable(
  'trace_step_equipment',
  [
    ['lot_number', 'text'],
    ['stream_version', 'integer'],
    ['equipment_id', 'text'],
    ['step_id', 'text'],
    ['operation', 'text'],
    ['started_at', 'timestamptz'],
    ['completed_at', 'timestamptz'],
  ],
  ['lot_number', 'stream_version', 'equipment_id'],
);

async function applyEquipmentUses(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  const inspections = GAUGE_INSPECTIONS.rows();
  const steps = STEP_EQUIPMENT.rows();
  for (const event of events) {
    const lotNumber = lotNumberOf(event);
    if (lotNumber === undefined) continue;
    const d = event.data;
    if (event.type === 'InspectionRecorded') {
      const inspectedAt = instantOrNull(d.inspectedAt);
      const gaugeId = textOrNull(d.gaugeId);
      if (!inspectedAt || !gaugeId) continue;
      inspections.add([
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
      ]);
    } else if (event.type === 'ProductionStepCompleted') {
      const startedAt = instantOrNull(d.startedAt);
      const completedAt = instantOrNull(d.completedAt) ?? startedAt;
      const equipmentIds: string[] = Array.isArray(d.equipmentIds) ? [...new Set<string>(d.equipmentIds.filter((id: unknown) => typeof id === 'string'))] : [];
      if (!startedAt || !completedAt || equipmentIds.length === 0) continue;
      const stepId = String(d.stepId ?? '');
      const operation = textOrNull(d.operation);
      for (const equipmentId of equipmentIds) steps.add([lotNumber, event.streamVersion, equipmentId, stepId, operation, startedAt, completedAt]);
    }
  }
  await inspections.flush(tx);
  await steps.flush(tx);
}
