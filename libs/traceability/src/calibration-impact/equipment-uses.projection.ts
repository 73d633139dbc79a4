import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { CorrectionFacts, correctedInstant, correctedText, FactTable, factReadModel, type ReadModel } from '@lotstream/messaging';
import { instantOrNull, lotNumberOf, textOrNull } from '../facts';

const GAUGE_INSPECTIONS = new FactTable(
  'trace_gauge_inspections',
  [
    ['lot_number', 'text'],
    ['stream_version', 'integer'],
    ['inspection_id', 'text'],
    ['gauge_id', 'text'],
    ['stage', 'text', 'nullable'],
    ['characteristic_id', 'text', 'nullable'],
    ['part_number', 'text', 'nullable'],
    ['inspector_id', 'text', 'nullable'],
    ['inspected_at', 'timestamptz'],
    ['verdict', 'text', 'nullable'],
  ],
  ['lot_number', 'stream_version'],
  [{ name: 'trace_gauge_inspections_gauge', on: ['gauge_id', 'inspected_at'] }],
);

const STEP_EQUIPMENT = new FactTable(
  'trace_step_equipment',
  [
    ['lot_number', 'text'],
    ['stream_version', 'integer'],
    ['equipment_id', 'text'],
    ['step_id', 'text'],
    ['operation', 'text', 'nullable'],
    ['started_at', 'timestamptz'],
    ['completed_at', 'timestamptz'],
  ],
  ['lot_number', 'stream_version', 'equipment_id'],
  [{ name: 'trace_step_equipment_equipment', on: ['equipment_id', 'started_at'] }],
);

/**
 * Corrections and voids of inspections and steps: a use is put in doubt (or not) by its corrected
 * time; a voided inspection or step is no use of the equipment. The gauge and the equipment are
 * references, never corrected (they are recorded again).
 */
const USE_CORRECTIONS = new CorrectionFacts(
  'trace_equipment_use_corrections',
  {
    InspectionRecorded: { stage: correctedText, inspectedAt: correctedInstant, verdict: correctedText },
    ProductionStepCompleted: { operation: correctedText, startedAt: correctedInstant, completedAt: correctedInstant },
  },
  [
    {
      table: 'trace_gauge_inspections',
      eventType: 'InspectionRecorded',
      match: { eventVersion: 'stream_version' },
      columns: { stage: ['stage', 'text'], inspected_at: ['inspectedAt', 'timestamptz'], verdict: ['verdict', 'text'] },
    },
    {
      table: 'trace_step_equipment',
      eventType: 'ProductionStepCompleted',
      match: { eventVersion: 'stream_version' },
      columns: { operation: ['operation', 'text'], started_at: ['startedAt', 'timestamptz'], completed_at: ['completedAt', 'timestamptz'] },
    },
  ],
);

/**
 * Uses of equipment on lots: inspections by gauge, and production steps by machine, indexed by
 * equipment and time so a calibration found out of tolerance finds the measurements and the work
 * it puts in doubt. Only lot streams: prototype inspections never enter.
 */
export const equipmentUsesReadModel: ReadModel = factReadModel(
  'equipment-uses',
  [GAUGE_INSPECTIONS, STEP_EQUIPMENT, USE_CORRECTIONS.facts],
  applyEquipmentUses,
);

export const EQUIPMENT_USES_TABLES = equipmentUsesReadModel.tables;

async function applyEquipmentUses(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  const inspections = GAUGE_INSPECTIONS.rows();
  const steps = STEP_EQUIPMENT.rows();
  const corrections = USE_CORRECTIONS.rows();
  for (const event of events) {
    const lotNumber = lotNumberOf(event);
    if (lotNumber === undefined || corrections.take(event, lotNumber)) continue;
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
  await corrections.flush(tx);
}
