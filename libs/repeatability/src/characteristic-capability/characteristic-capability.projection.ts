import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactTable, type ReadModel } from '@lotstream/messaging';
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
  // Covering: a capability query reads only this index (no heap, no events).
  `CREATE INDEX IF NOT EXISTS spc_subgroups_capability
     ON spc_subgroups (part_number, characteristic_id, inspected_at, inspection_id)
     INCLUDE (lot_number, stage, n, mean, range, std_dev, lsl, usl, nominal, unit)`,
  `CREATE TABLE IF NOT EXISTS spc_lots (
     lot_number text PRIMARY KEY,
     part_number text NOT NULL,
     kind text NOT NULL,
     site_id text NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS spc_lots_part_kind ON spc_lots (part_number, kind)`,
];

const finiteOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export const characteristicCapabilityReadModel: ReadModel = {
  name: 'characteristic-capability',
  ddl: DDL,
  tables: CHARACTERISTIC_CAPABILITY_TABLES,
  apply: (tx, event) => applyCharacteristicCapability(tx, [event]),
  applyBatch: applyCharacteristicCapability,
};

const LOTS = new FactTable(
  'spc_lots',
  [
    ['lot_number', 'text'],
    ['part_number', 'text'],
    ['kind', 'text'],
    ['site_id', 'text'],
  ],
  ['lot_number'],
);

const SUBGROUPS = new FactTable(
  'spc_subgroups',
  [
    ['lot_number', 'text'],
    ['inspection_id', 'text'],
    ['part_number', 'text'],
    ['characteristic_id', 'text'],
    ['stage', 'text'],
    ['inspected_at', 'timestamptz'],
    ['n', 'integer'],
    ['mean', 'double precision'],
    ['range', 'double precision'],
    ['std_dev', 'double precision'],
    ['sum', 'double precision'],
    ['sum_of_squares', 'double precision'],
    ['measurements', 'double precision[]'],
    ['lsl', 'double precision'],
    ['usl', 'double precision'],
    ['nominal', 'double precision'],
    ['unit', 'text'],
    ['verdict', 'text'],
    ['gauge_id', 'text'],
    ['position', 'bigint'],
  ],
  ['lot_number', 'inspection_id'],
);

async function applyCharacteristicCapability(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  const lots = LOTS.rows();
  const subgroups = SUBGROUPS.rows();
  for (const event of events) {
    if (event.streamCategory !== 'lot') continue;
    const lotNumber = event.streamId.slice('lot-'.length);
    const d = event.data;
    switch (event.type) {
      case 'LotRegistered':
        lots.add([lotNumber, d.partNumber, d.kind ?? 'production', d.siteId ?? event.metadata?.siteId ?? '']);
        continue;
      case 'InspectionRecorded': {
        const values: unknown[] = Array.isArray(d.measurements) ? d.measurements : [];
        // The write side guarantees 1–100 finite numbers; a malformed historical event is skipped
        // rather than stopping the projector.
        if (values.length === 0 || !values.every((x) => typeof x === 'number' && Number.isFinite(x))) continue;
        const measurements = values as number[];
        const stats = subgroupStatistics(measurements);
        const c = d.characteristic ?? {};
        subgroups.add([
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
        ]);
        continue;
      }
      default:
        continue;
    }
  }
  await lots.flush(tx);
  await subgroups.flush(tx);
}
