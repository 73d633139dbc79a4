import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactTable, factReadModel, type ReadModel } from '@lotstream/messaging';
import { subgroupStatistics } from '../spc';

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
    ['lsl', 'double precision', 'nullable'],
    ['usl', 'double precision', 'nullable'],
    ['nominal', 'double precision', 'nullable'],
    ['unit', 'text', 'nullable'],
    ['verdict', 'text', 'nullable'],
    ['gauge_id', 'text', 'nullable'],
    ['position', 'bigint'],
  ],
  ['lot_number', 'inspection_id'],
  [
    // Covering: a capability query reads only this index (no heap, no events).
    {
      name: 'spc_subgroups_capability',
      on: ['part_number', 'characteristic_id', 'inspected_at', 'inspection_id'],
      include: ['lot_number', 'stage', 'n', 'mean', 'range', 'std_dev', 'lsl', 'usl', 'nominal', 'unit', 'gauge_id'],
    },
  ],
);

const LOTS = new FactTable(
  'spc_lots',
  [
    ['lot_number', 'text'],
    ['part_number', 'text'],
    ['kind', 'text'],
    ['site_id', 'text'],
  ],
  ['lot_number'],
  [{ name: 'spc_lots_part_kind', on: ['part_number', 'kind'] }],
);

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
export const characteristicCapabilityReadModel: ReadModel = factReadModel('characteristic-capability', [SUBGROUPS, LOTS], applyCharacteristicCapability);

export const CHARACTERISTIC_CAPABILITY_TABLES = characteristicCapabilityReadModel.tables;

const finiteOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

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
