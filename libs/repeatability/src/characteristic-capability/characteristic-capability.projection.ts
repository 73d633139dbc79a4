import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import type { ReadModel } from '@lotstream/messaging';
import { subgroupStatistics } from '../spc';

/**
 * Capability facts, one row per InspectionRecorded on a lot stream (one SPC subgroup) and one row
 * per registered lot. Whether a lot is a production lot comes from LotRegistered, which may arrive
 * before or after the lot's inspections (quality and production events travel on different
 * topics), so both are stored as facts and joined at query time: whatever the interleaving, the
 * tables end up the same. The subgroup's statistics are computed once here, so a capability query
 * over 1,000 lots reads these rows only, never the events.
 *
 * Prototype inspections are a different event type on `prototype-…` streams and never enter; an
 * InspectionRecorded that is not on a lot stream is ignored as well.
 */
export const CHARACTERISTIC_CAPABILITY_TABLES = ['spc_subgroups', 'spc_lots'];

const DDL = [
  `CREATE TABLE IF NOT EXISTS spc_subgroups (
     lot_number text NOT NULL,
     inspection_id text NOT NULL,
     part_number text NOT NULL,
     characteristic_id text NOT NULL,
     stage text NOT NULL,
     inspected_at timestamptz NOT NULL,
     n integer NOT NULL,
     mean double precision NOT NULL,
     range double precision NOT NULL,
     std_dev double precision NOT NULL,
     sum double precision NOT NULL,
     sum_of_squares double precision NOT NULL,
     measurements double precision[] NOT NULL,
     lsl double precision,
     usl double precision,
     nominal double precision,
     unit text,
     verdict text,
     gauge_id text,
     position bigint NOT NULL,
     PRIMARY KEY (lot_number, inspection_id)
   )`,
  `CREATE INDEX IF NOT EXISTS spc_subgroups_part_characteristic
     ON spc_subgroups (part_number, characteristic_id, inspected_at, inspection_id)`,
  `CREATE TABLE IF NOT EXISTS spc_lots (
     lot_number text PRIMARY KEY,
     part_number text NOT NULL,
     kind text NOT NULL,
     site_id text NOT NULL
   )`,
];

const finiteOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export const characteristicCapabilityReadModel: ReadModel = {
  name: 'characteristic-capability',
  ddl: DDL,
  tables: CHARACTERISTIC_CAPABILITY_TABLES,
  async apply(tx: PoolClient, event: RecordedEvent): Promise<void> {
    if (event.streamCategory !== 'lot') return;
    const lotNumber = event.streamId.slice('lot-'.length);
    switch (event.type) {
      case 'LotRegistered': {
        const d = event.data;
        await tx.query(
          `INSERT INTO spc_lots (lot_number, part_number, kind, site_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT (lot_number) DO NOTHING`,
          [lotNumber, d.partNumber, d.kind ?? 'production', d.siteId ?? event.metadata?.siteId ?? ''],
        );
        return;
      }
      case 'InspectionRecorded': {
        const d = event.data;
        const values: unknown[] = Array.isArray(d.measurements) ? d.measurements : [];
        // The write side guarantees 1–100 finite numbers; a malformed historical event is skipped
        // rather than stopping the projector.
        if (values.length === 0 || !values.every((x) => typeof x === 'number' && Number.isFinite(x))) return;
        const measurements = values as number[];
        const stats = subgroupStatistics(measurements);
        const c = d.characteristic ?? {};
        await tx.query(
          `INSERT INTO spc_subgroups (lot_number, inspection_id, part_number, characteristic_id, stage, inspected_at,
             n, mean, range, std_dev, sum, sum_of_squares, measurements, lsl, usl, nominal, unit, verdict, gauge_id, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
           ON CONFLICT (lot_number, inspection_id) DO NOTHING`,
          [
            lotNumber,
            d.inspectionId,
            d.partNumber,
            c.id,
            d.stage,
            d.inspectedAt,
            stats.n,
            stats.mean,
            stats.range,
            stats.stdDev,
            stats.sum,
            stats.sumOfSquares,
            measurements,
            finiteOrNull(c.lsl),
            finiteOrNull(c.usl),
            finiteOrNull(c.nominal),
            c.unit ?? null,
            d.verdict ?? null,
            d.gaugeId ?? null,
            event.position,
          ],
        );
        return;
      }
      default:
        return;
    }
  },
};
