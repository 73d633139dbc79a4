import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import type { ReadModel } from '@lotstream/messaging';

/**
 * Consistency facts: lots, their steps, inspections and nonconformances, calibrations of every
 * equipment, and prototype promotions. Each is a fact keyed by its natural id and inserted with
 * ON CONFLICT DO NOTHING; the baseline, the calibration status at use and the deviations are derived
 * at query time, so the tables are the same whatever order streams interleave in. "Latest
 * promotion" and "first lot" are decided by the events' global positions, which are stored.
 */
export const PART_CONSISTENCY_TABLES = [
  'consistency_lots',
  'consistency_steps',
  'consistency_inspections',
  'consistency_nonconformances',
  'consistency_dispositions',
  'consistency_calibrations',
  'consistency_promotions',
];

const DDL = [
  `CREATE TABLE IF NOT EXISTS consistency_lots (
     lot_number text PRIMARY KEY,
     part_number text NOT NULL,
     part_revision text,
     kind text NOT NULL,
     site_id text NOT NULL,
     routing_revision text,
     registered_at timestamptz NOT NULL,
     position bigint NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS consistency_lots_part ON consistency_lots (part_number, position)`,
  `CREATE TABLE IF NOT EXISTS consistency_steps (
     lot_number text NOT NULL,
     step_id text NOT NULL,
     operation text NOT NULL,
     sequence integer,
     sop_revision text,
     equipment_ids text[] NOT NULL,
     started_at timestamptz NOT NULL,
     completed_at timestamptz NOT NULL,
     quantity_in double precision NOT NULL,
     quantity_good double precision NOT NULL,
     quantity_scrapped double precision NOT NULL,
     stream_version integer NOT NULL,
     PRIMARY KEY (lot_number, step_id)
   )`,
  `CREATE TABLE IF NOT EXISTS consistency_inspections (
     lot_number text NOT NULL,
     inspection_id text NOT NULL,
     stage text NOT NULL,
     characteristic_id text,
     verdict text,
     gauge_id text,
     inspected_at timestamptz NOT NULL,
     PRIMARY KEY (lot_number, inspection_id)
   )`,
  `CREATE TABLE IF NOT EXISTS consistency_nonconformances (
     lot_number text NOT NULL,
     nc_id text NOT NULL,
     description text,
     quantity_affected double precision,
     PRIMARY KEY (lot_number, nc_id)
   )`,
  `CREATE TABLE IF NOT EXISTS consistency_dispositions (
     lot_number text NOT NULL,
     nc_id text NOT NULL,
     disposition text NOT NULL,
     PRIMARY KEY (lot_number, nc_id)
   )`,
  `CREATE TABLE IF NOT EXISTS consistency_calibrations (
     equipment_id text NOT NULL,
     calibration_id text NOT NULL,
     performed_at timestamptz NOT NULL,
     as_found text NOT NULL,
     as_left text NOT NULL,
     next_due_at timestamptz NOT NULL,
     position bigint NOT NULL,
     PRIMARY KEY (equipment_id, calibration_id)
   )`,
  `CREATE TABLE IF NOT EXISTS consistency_promotions (
     build_id text NOT NULL,
     stream_version integer NOT NULL,
     part_number text NOT NULL,
     part_revision text,
     routing_revision text,
     sop_revisions jsonb,
     position bigint NOT NULL,
     PRIMARY KEY (build_id, stream_version)
   )`,
  `CREATE INDEX IF NOT EXISTS consistency_promotions_part ON consistency_promotions (part_number, position)`,
];

const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

export const partConsistencyReadModel: ReadModel = {
  name: 'part-consistency',
  ddl: DDL,
  tables: PART_CONSISTENCY_TABLES,
  async apply(tx: PoolClient, event: RecordedEvent): Promise<void> {
    const d = event.data;
    if (event.streamCategory === 'lot') {
      const lotNumber = event.streamId.slice('lot-'.length);
      switch (event.type) {
        case 'LotRegistered':
          await tx.query(
            `INSERT INTO consistency_lots (lot_number, part_number, part_revision, kind, site_id, routing_revision, registered_at, position)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (lot_number) DO NOTHING`,
            [
              lotNumber,
              d.partNumber,
              d.partRevision ?? null,
              d.kind ?? 'production',
              d.siteId ?? event.metadata?.siteId ?? '',
              d.routingRevision ?? null,
              event.occurredAt,
              event.position,
            ],
          );
          return;
        case 'ProductionStepCompleted':
          await tx.query(
            `INSERT INTO consistency_steps (lot_number, step_id, operation, sequence, sop_revision, equipment_ids, started_at,
               completed_at, quantity_in, quantity_good, quantity_scrapped, stream_version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (lot_number, step_id) DO NOTHING`,
            [
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
            ],
          );
          return;
        case 'InspectionRecorded':
          await tx.query(
            `INSERT INTO consistency_inspections (lot_number, inspection_id, stage, characteristic_id, verdict, gauge_id, inspected_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (lot_number, inspection_id) DO NOTHING`,
            [lotNumber, d.inspectionId, d.stage, d.characteristic?.id ?? null, d.verdict ?? null, d.gaugeId ?? null, d.inspectedAt ?? event.occurredAt],
          );
          return;
        case 'NonconformanceRaised':
          await tx.query(
            `INSERT INTO consistency_nonconformances (lot_number, nc_id, description, quantity_affected)
             VALUES ($1, $2, $3, $4) ON CONFLICT (lot_number, nc_id) DO NOTHING`,
            [lotNumber, d.ncId, d.description ?? null, typeof d.quantityAffected === 'number' ? d.quantityAffected : null],
          );
          return;
        case 'NonconformanceDispositioned':
          await tx.query(
            `INSERT INTO consistency_dispositions (lot_number, nc_id, disposition) VALUES ($1, $2, $3)
             ON CONFLICT (lot_number, nc_id) DO NOTHING`,
            [lotNumber, d.ncId, d.disposition],
          );
          return;
        default:
          return;
      }
    }
    if (event.streamCategory === 'equipment' && event.type === 'CalibrationRecorded') {
      await tx.query(
        `INSERT INTO consistency_calibrations (equipment_id, calibration_id, performed_at, as_found, as_left, next_due_at, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (equipment_id, calibration_id) DO NOTHING`,
        [event.streamId.slice('equipment-'.length), d.calibrationId, d.performedAt, d.asFound, d.asLeft, d.nextDueAt, event.position],
      );
      return;
    }
    if (event.streamCategory === 'prototype' && event.type === 'PrototypePromoted') {
      await tx.query(
        `INSERT INTO consistency_promotions (build_id, stream_version, part_number, part_revision, routing_revision, sop_revisions, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (build_id, stream_version) DO NOTHING`,
        [
          event.streamId.slice('prototype-'.length),
          event.streamVersion,
          d.partNumber,
          d.partRevision ?? null,
          d.routingRevision ?? null,
          d.sopRevisions ? JSON.stringify(d.sopRevisions) : null,
          event.position,
        ],
      );
    }
  },
};
