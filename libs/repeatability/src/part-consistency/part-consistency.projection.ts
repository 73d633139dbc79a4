import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import {
  CorrectionFacts,
  correctedInstant,
  correctedInteger,
  correctedNumber,
  correctedText,
  FactTable,
  factReadModel,
  type ReadModel,
} from '@lotstream/messaging';

const LOTS = new FactTable(
  'consistency_lots',
  [
    ['lot_number', 'text'],
    ['part_number', 'text'],
    ['part_revision', 'text', 'nullable'],
    ['kind', 'text'],
    ['site_id', 'text'],
    ['routing_revision', 'text', 'nullable'],
    ['registered_at', 'timestamptz'],
    ['position', 'bigint'],
  ],
  ['lot_number'],
  [{ name: 'consistency_lots_part', on: ['part_number', 'position'] }],
);

const STEPS = new FactTable(
  'consistency_steps',
  [
    ['lot_number', 'text'],
    ['step_id', 'text'],
    ['operation', 'text'],
    ['sequence', 'integer', 'nullable'],
    ['sop_revision', 'text', 'nullable'],
    ['equipment_ids', 'text[]'],
    ['started_at', 'timestamptz'],
    ['completed_at', 'timestamptz'],
    ['quantity_in', 'double precision'],
    ['quantity_good', 'double precision'],
    ['quantity_scrapped', 'double precision'],
    ['stream_version', 'integer'],
    ['operator_id', 'text', 'nullable', 'added'],
    ['work_center', 'text', 'nullable', 'added'],
  ],
  ['lot_number', 'step_id'],
);

const INSPECTIONS = new FactTable(
  'consistency_inspections',
  [
    ['lot_number', 'text'],
    ['inspection_id', 'text'],
    ['stage', 'text'],
    ['characteristic_id', 'text', 'nullable'],
    ['verdict', 'text', 'nullable'],
    ['gauge_id', 'text', 'nullable'],
    ['inspected_at', 'timestamptz'],
  ],
  ['lot_number', 'inspection_id'],
);

const NONCONFORMANCES = new FactTable(
  'consistency_nonconformances',
  [
    ['lot_number', 'text'],
    ['nc_id', 'text'],
    ['description', 'text', 'nullable'],
    ['quantity_affected', 'double precision', 'nullable'],
  ],
  ['lot_number', 'nc_id'],
);

const DISPOSITIONS = new FactTable(
  'consistency_dispositions',
  [
    ['lot_number', 'text'],
    ['nc_id', 'text'],
    ['disposition', 'text'],
  ],
  ['lot_number', 'nc_id'],
);

const CALIBRATIONS = new FactTable(
  'consistency_calibrations',
  [
    ['equipment_id', 'text'],
    ['calibration_id', 'text'],
    ['performed_at', 'timestamptz'],
    ['as_found', 'text'],
    ['as_left', 'text'],
    ['next_due_at', 'timestamptz'],
    ['position', 'bigint'],
  ],
  ['equipment_id', 'calibration_id'],
);

const PROMOTIONS = new FactTable(
  'consistency_promotions',
  [
    ['build_id', 'text'],
    ['stream_version', 'integer'],
    ['part_number', 'text'],
    ['part_revision', 'text', 'nullable'],
    ['routing_revision', 'text', 'nullable'],
    ['sop_revisions', 'jsonb', 'nullable'],
    ['position', 'bigint'],
  ],
  ['build_id', 'stream_version'],
  [{ name: 'consistency_promotions_part', on: ['part_number', 'position'] }],
);

/**
 * Corrections and voids of steps and inspections: yields, revisions and verdicts are compared as
 * corrected (an inspection's verdict is recomputed by the write side from corrected measurements);
 * a voided step or inspection leaves the comparison.
 */
const CORRECTIONS = new CorrectionFacts(
  'consistency_corrections',
  {
    ProductionStepCompleted: {
      operation: correctedText,
      sequence: correctedInteger,
      workCenter: correctedText,
      sopRevision: correctedText,
      startedAt: correctedInstant,
      completedAt: correctedInstant,
      quantityIn: correctedNumber,
      quantityGood: correctedNumber,
      quantityScrapped: correctedNumber,
    },
    InspectionRecorded: { stage: correctedText, verdict: correctedText, inspectedAt: correctedInstant },
  },
  [
    {
      table: 'consistency_steps',
      eventType: 'ProductionStepCompleted',
      match: { eventVersion: 'stream_version' },
      columns: {
        operation: ['operation', 'text'],
        sequence: ['sequence', 'integer'],
        work_center: ['workCenter', 'text'],
        sop_revision: ['sopRevision', 'text'],
        started_at: ['startedAt', 'timestamptz'],
        completed_at: ['completedAt', 'timestamptz'],
        quantity_in: ['quantityIn', 'double precision'],
        quantity_good: ['quantityGood', 'double precision'],
        quantity_scrapped: ['quantityScrapped', 'double precision'],
      },
    },
    {
      // Keyed by inspection id (unique on a lot's stream), as the table is.
      table: 'consistency_inspections',
      eventType: 'InspectionRecorded',
      match: { recordId: 'inspection_id' },
      columns: { stage: ['stage', 'text'], verdict: ['verdict', 'text'], inspected_at: ['inspectedAt', 'timestamptz'] },
    },
  ],
);

const TABLES = [LOTS, STEPS, INSPECTIONS, NONCONFORMANCES, DISPOSITIONS, CALIBRATIONS, PROMOTIONS];

/**
 * Consistency facts: lots, their steps, inspections and nonconformances, calibrations of every
 * equipment, and prototype promotions. Each is a fact keyed by its natural id and inserted with
 * ON CONFLICT DO NOTHING; the baseline, the calibration status at use and the deviations are derived
 * at query time, so the tables are the same whatever order streams interleave in. "Latest
 * promotion" and "first lot" are decided by the events' global positions, which are stored.
 */
export const partConsistencyReadModel: ReadModel = factReadModel('part-consistency', [...TABLES, CORRECTIONS.facts], applyPartConsistency);

export const PART_CONSISTENCY_TABLES = partConsistencyReadModel.tables;

const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

async function applyPartConsistency(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  const [lots, steps, inspections, nonconformances, dispositions, calibrations, promotions] = TABLES.map((table) => table.rows());
  const corrections = CORRECTIONS.rows();
  for (const event of events) {
    const d = event.data;
    if (event.streamCategory === 'lot') {
      const lotNumber = event.streamId.slice('lot-'.length);
      if (corrections.take(event, lotNumber)) continue;
      switch (event.type) {
        case 'LotRegistered':
          lots.add([
            lotNumber,
            d.partNumber,
            d.partRevision ?? null,
            d.kind ?? 'production',
            d.siteId ?? event.metadata?.siteId ?? '',
            d.routingRevision ?? null,
            event.occurredAt,
            event.position,
          ]);
          continue;
        case 'ProductionStepCompleted':
          steps.add([
            lotNumber,
            d.stepId,
            d.operation,
            Number.isInteger(d.sequence) ? d.sequence : null,
            d.sopRevision ?? null,
            Array.isArray(d.equipmentIds) ? d.equipmentIds : [],
            d.startedAt ?? d.completedAt ?? event.occurredAt,
            d.completedAt ?? d.startedAt ?? event.occurredAt,
            num(d.quantityIn),
            num(d.quantityGood),
            num(d.quantityScrapped),
            event.streamVersion,
            typeof d.operatorId === 'string' ? d.operatorId : null,
            typeof d.workCenter === 'string' ? d.workCenter : null,
          ]);
          continue;
        case 'InspectionRecorded':
          inspections.add([
            lotNumber,
            d.inspectionId,
            d.stage,
            d.characteristic?.id ?? null,
            d.verdict ?? null,
            d.gaugeId ?? null,
            d.inspectedAt ?? event.occurredAt,
          ]);
          continue;
        case 'NonconformanceRaised':
          nonconformances.add([lotNumber, d.ncId, d.description ?? null, typeof d.quantityAffected === 'number' ? d.quantityAffected : null]);
          continue;
        case 'NonconformanceDispositioned':
          dispositions.add([lotNumber, d.ncId, d.disposition]);
          continue;
        default:
          continue;
      }
    }
    if (event.streamCategory === 'equipment' && event.type === 'CalibrationRecorded') {
      calibrations.add([event.streamId.slice('equipment-'.length), d.calibrationId, d.performedAt, d.asFound, d.asLeft, d.nextDueAt, event.position]);
      continue;
    }
    if (event.streamCategory === 'prototype' && event.type === 'PrototypePromoted') {
      promotions.add([
        event.streamId.slice('prototype-'.length),
        event.streamVersion,
        d.partNumber,
        d.partRevision ?? null,
        d.routingRevision ?? null,
        d.sopRevisions ? d.sopRevisions : null,
        event.position,
      ]);
    }
  }
  await lots.flush(tx);
  await steps.flush(tx);
  await inspections.flush(tx);
  await nonconformances.flush(tx);
  await dispositions.flush(tx);
  await calibrations.flush(tx);
  await promotions.flush(tx);
  await corrections.flush(tx);
}
