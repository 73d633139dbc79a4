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
  [
    // Covering: the capability query's join reads the part's production lots from this index alone
    // (11 buffers instead of ~370 for a part of 1,000 lots on the 1M bench store). It replaces
    // spc_lots_part_kind (the same key without the INCLUDE), which a live schema keeps until its next rebuild.
    { name: 'spc_lots_capability', on: ['part_number', 'kind'], include: ['lot_number', 'site_id'] },
  ],
);

/**
 * Corrections and voids of inspections, as facts. After every page the subgroups of the lots it
 * touched are brought to what the corrections say (the latest value of each corrected field wins; a
 * voided inspection leaves the statistics), so the tables are the same whatever the order.
 */
const CORRECTIONS = new FactTable(
  'spc_subgroup_corrections',
  [
    ['lot_number', 'text'],
    ['stream_version', 'integer'],
    ['inspection_id', 'text'],
    ['voided', 'boolean'],
    ['corrected', 'jsonb'],
  ],
  ['lot_number', 'stream_version'],
);

async function applyCorrections(tx: PoolClient, lots: string[]): Promise<void> {
  if (lots.length === 0) return;
  await tx.query(
    `DELETE FROM spc_subgroups s USING spc_subgroup_corrections c
     WHERE c.lot_number = ANY($1::text[]) AND c.voided AND s.lot_number = c.lot_number AND s.inspection_id = c.inspection_id`,
    [lots],
  );
  const { rows } = await tx.query(
    `SELECT lot_number, inspection_id, corrected FROM spc_subgroup_corrections
     WHERE lot_number = ANY($1::text[]) AND NOT voided ORDER BY lot_number, inspection_id, stream_version`,
    [lots],
  );
  const merged = new Map<string, { lot: string; inspection: string; fields: Record<string, any> }>();
  for (const row of rows) {
    const key = `${row.lot_number}\u0000${row.inspection_id}`;
    const current = merged.get(key) ?? { lot: row.lot_number, inspection: row.inspection_id, fields: {} };
    Object.assign(current.fields, row.corrected);
    merged.set(key, current);
  }
  for (const { lot, inspection, fields } of merged.values()) {
    const sets: string[] = [];
    const values: unknown[] = [lot, inspection];
    const set = (column: string, value: unknown, cast = ''): void => {
      values.push(value);
      sets.push(`${column} = $${values.length}${cast}`);
    };
    const measurements: unknown = fields.measurements;
    if (Array.isArray(measurements) && measurements.length > 0 && measurements.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      const stats = subgroupStatistics(measurements as number[]);
      set('n', stats.n);
      set('mean', stats.mean);
      set('range', stats.range);
      set('std_dev', stats.stdDev);
      set('sum', stats.sum);
      set('sum_of_squares', stats.sumOfSquares);
      set('measurements', measurements, '::double precision[]');
    }
    if (fields.characteristic && typeof fields.characteristic === 'object') {
      const c = fields.characteristic;
      set('lsl', finiteOrNull(c.lsl));
      set('usl', finiteOrNull(c.usl));
      set('nominal', finiteOrNull(c.nominal));
      set('unit', c.unit ?? null);
    }
    if (typeof fields.stage === 'string') set('stage', fields.stage);
    if (typeof fields.inspectedAt === 'string') set('inspected_at', fields.inspectedAt, '::timestamptz');
    if (typeof fields.verdict === 'string') set('verdict', fields.verdict);
    if (sets.length > 0) await tx.query(`UPDATE spc_subgroups SET ${sets.join(', ')} WHERE lot_number = $1 AND inspection_id = $2`, values);
  }
}

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
export const characteristicCapabilityReadModel: ReadModel = factReadModel(
  'characteristic-capability',
  [SUBGROUPS, LOTS, CORRECTIONS],
  applyCharacteristicCapability,
);

export const CHARACTERISTIC_CAPABILITY_TABLES = characteristicCapabilityReadModel.tables;

const finiteOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

async function applyCharacteristicCapability(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  const lots = LOTS.rows();
  const subgroups = SUBGROUPS.rows();
  const corrections = CORRECTIONS.rows();
  const touched = new Set<string>();
  for (const event of events) {
    if (event.streamCategory !== 'lot') continue;
    const lotNumber = event.streamId.slice('lot-'.length);
    const d = event.data;
    switch (event.type) {
      case 'EventCorrected':
      case 'EventVoided':
        if (d.eventType !== 'InspectionRecorded') continue;
        touched.add(lotNumber);
        corrections.add([
          lotNumber,
          event.streamVersion,
          String(d.recordId),
          event.type === 'EventVoided',
          event.type === 'EventCorrected' ? (d.corrected ?? {}) : {},
        ]);
        continue;
      case 'LotRegistered':
        lots.add([lotNumber, d.partNumber, d.kind ?? 'production', d.siteId ?? event.metadata?.siteId ?? '']);
        continue;
      case 'InspectionRecorded': {
        touched.add(lotNumber);
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
  await corrections.flush(tx);
  await applyCorrections(tx, [...touched]);
}
