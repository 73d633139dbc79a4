import type { Pool } from 'pg';
import { encodeCheckpoint, START } from '@lotstream/event-store';
import { ProjectionRunner, STORE_FEED_SOURCE } from '@lotstream/messaging';
import { ALL_READ_MODELS } from '@lotstream/schema';
import { log } from './harness';

/**
 * Builds the read models of a large bench store (10M events) in minutes instead of an hour: every
 * fact table is filled with a set-based INSERT … SELECT over `events` in safe order, written to give
 * exactly what the projections' apply() writes (SPC subgroup statistics in float8 with the same
 * order of operations as subgroupStatistics(), so the same bits). `npm run bench -- bulk-check`
 * compares every table with ProjectionRunner's on a 50k store — a bench-only tool, not a product
 * rebuild path. It does not fill the later read models (people, documents, MSA studies and the other
 * round-two tables), so it is no longer the default: bench stores are built with ProjectionRebuild at
 * every size, and this builder runs only with BENCH_BULK_READ_MODELS=1.
 */

const LOT = `substr(e.stream_id, 5)`;
const text = (path: string) => `CASE WHEN jsonb_typeof(e.data->'${path}') = 'string' THEN e.data->>'${path}' END`;
const number = (path: string) => `CASE WHEN jsonb_typeof(e.data->'${path}') = 'number' THEN (e.data->>'${path}')::numeric END`;
const instant = (path: string) => `CASE WHEN jsonb_typeof(e.data->'${path}') = 'string' THEN (e.data->>'${path}')::timestamptz END`;
const orZero = (path: string) => `CASE WHEN jsonb_typeof(e.data->'${path}') = 'number' THEN (e.data->>'${path}')::float8 ELSE 0 END`;
const SAFE_ORDER = `ORDER BY e.transaction_id, e.position`;

function statements(schema: string): Array<[string, string]> {
  return [
    [
      'trace_lot_events',
      `INSERT INTO ${schema}.trace_lot_events (lot_number, stream_version, event_id, position, type, schema_version, data, metadata, occurred_at, recorded_at)
       SELECT ${LOT}, e.stream_version, e.event_id, e.position, e.type, e.schema_version, e.data, e.metadata, e.occurred_at, e.recorded_at
       FROM events e WHERE e.stream_id LIKE 'lot-%' ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'trace_lots',
      `INSERT INTO ${schema}.trace_lots (lot_number, part_number, part_revision, kind, site_id, quantity, unit, supplier, supplier_lot_number,
         routing_revision, split_from, registered_at, stream_version)
       SELECT ${LOT}, coalesce(e.data->>'partNumber', ''), ${text('partRevision')},
              CASE WHEN ${text('kind')} = 'material' THEN 'material' ELSE 'production' END,
              coalesce(e.data->>'siteId', e.metadata->>'siteId', ''), ${number('quantity')}, ${text('unit')}, ${text('supplier')},
              ${text('supplierLotNumber')}, ${text('routingRevision')}, ${text('splitFrom')}, e.occurred_at, e.stream_version
       FROM events e WHERE e.stream_id LIKE 'lot-%' AND e.type = 'LotRegistered' ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'trace_genealogy_edges',
      `INSERT INTO ${schema}.trace_genealogy_edges (lot_number, stream_version, from_lot, to_lot, kind, quantity, unit, occurred_at)
       SELECT ${LOT}, e.stream_version,
              CASE WHEN e.type = 'MaterialConsumed' THEN ${text('inputLotNumber')} ELSE ${LOT} END,
              CASE WHEN e.type = 'MaterialConsumed' THEN ${LOT} ELSE ${text('childLotNumber')} END,
              CASE WHEN e.type = 'MaterialConsumed' THEN 'consumption' ELSE 'split' END,
              ${number('quantity')}, ${text('unit')}, e.occurred_at
       FROM events e WHERE e.stream_id LIKE 'lot-%' AND (
         (e.type = 'MaterialConsumed' AND ${text('inputLotNumber')} IS NOT NULL AND ${text('inputLotNumber')} <> '') OR
         (e.type = 'LotSplit' AND ${text('childLotNumber')} IS NOT NULL AND ${text('childLotNumber')} <> ''))
       ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'trace_shipments',
      `INSERT INTO ${schema}.trace_shipments (lot_number, stream_version, shipment_id, customer, quantity, shipped_at)
       SELECT ${LOT}, e.stream_version, coalesce(e.data->>'shipmentId', ''), coalesce(e.data->>'customer', ''), ${number('quantity')}, ${instant('shippedAt')}
       FROM events e WHERE e.stream_id LIKE 'lot-%' AND e.type = 'LotShipped' ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'spc_lots',
      `INSERT INTO ${schema}.spc_lots (lot_number, part_number, kind, site_id)
       SELECT ${LOT}, e.data->>'partNumber', coalesce(e.data->>'kind', 'production'), coalesce(e.data->>'siteId', e.metadata->>'siteId', '')
       FROM events e WHERE e.stream_category = 'lot' AND e.type = 'LotRegistered' ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'consistency_lots',
      `INSERT INTO ${schema}.consistency_lots (lot_number, part_number, part_revision, kind, site_id, routing_revision, registered_at, position)
       SELECT ${LOT}, e.data->>'partNumber', e.data->>'partRevision', coalesce(e.data->>'kind', 'production'),
              coalesce(e.data->>'siteId', e.metadata->>'siteId', ''), e.data->>'routingRevision', e.occurred_at, e.position
       FROM events e WHERE e.stream_category = 'lot' AND e.type = 'LotRegistered' ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'consistency_steps',
      `INSERT INTO ${schema}.consistency_steps (lot_number, step_id, operation, sequence, sop_revision, equipment_ids, started_at, completed_at,
         quantity_in, quantity_good, quantity_scrapped, stream_version)
       SELECT ${LOT}, e.data->>'stepId', e.data->>'operation',
              CASE WHEN jsonb_typeof(e.data->'sequence') = 'number' AND (e.data->>'sequence')::numeric = trunc((e.data->>'sequence')::numeric)
                   THEN (e.data->>'sequence')::int END,
              e.data->>'sopRevision',
              CASE WHEN jsonb_typeof(e.data->'equipmentIds') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(e.data->'equipmentIds')) ELSE '{}'::text[] END,
              coalesce((e.data->>'startedAt')::timestamptz, (e.data->>'completedAt')::timestamptz, e.occurred_at),
              coalesce((e.data->>'completedAt')::timestamptz, (e.data->>'startedAt')::timestamptz, e.occurred_at),
              ${orZero('quantityIn')}, ${orZero('quantityGood')}, ${orZero('quantityScrapped')}, e.stream_version
       FROM events e WHERE e.stream_category = 'lot' AND e.type = 'ProductionStepCompleted' ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'consistency_inspections',
      `INSERT INTO ${schema}.consistency_inspections (lot_number, inspection_id, stage, characteristic_id, verdict, gauge_id, inspected_at)
       SELECT ${LOT}, e.data->>'inspectionId', e.data->>'stage', e.data->'characteristic'->>'id', e.data->>'verdict', e.data->>'gaugeId',
              coalesce((e.data->>'inspectedAt')::timestamptz, e.occurred_at)
       FROM events e WHERE e.stream_category = 'lot' AND e.type = 'InspectionRecorded' ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'consistency_nonconformances',
      `INSERT INTO ${schema}.consistency_nonconformances (lot_number, nc_id, description, quantity_affected)
       SELECT ${LOT}, e.data->>'ncId', e.data->>'description',
              CASE WHEN jsonb_typeof(e.data->'quantityAffected') = 'number' THEN (e.data->>'quantityAffected')::float8 END
       FROM events e WHERE e.stream_category = 'lot' AND e.type = 'NonconformanceRaised' ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'consistency_dispositions',
      `INSERT INTO ${schema}.consistency_dispositions (lot_number, nc_id, disposition)
       SELECT ${LOT}, e.data->>'ncId', e.data->>'disposition'
       FROM events e WHERE e.stream_category = 'lot' AND e.type = 'NonconformanceDispositioned' ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'trace_gauge_inspections',
      `INSERT INTO ${schema}.trace_gauge_inspections (lot_number, stream_version, inspection_id, gauge_id, stage, characteristic_id, part_number,
         inspector_id, inspected_at, verdict)
       SELECT ${LOT}, e.stream_version, coalesce(e.data->>'inspectionId', ''), ${text('gaugeId')}, ${text('stage')},
              CASE WHEN jsonb_typeof(e.data->'characteristic'->'id') = 'string' THEN e.data->'characteristic'->>'id' END,
              ${text('partNumber')}, ${text('inspectorId')}, ${instant('inspectedAt')}, ${text('verdict')}
       FROM events e WHERE e.stream_id LIKE 'lot-%' AND e.type = 'InspectionRecorded'
         AND ${instant('inspectedAt')} IS NOT NULL AND ${text('gaugeId')} IS NOT NULL AND ${text('gaugeId')} <> ''
       ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'trace_step_equipment',
      `INSERT INTO ${schema}.trace_step_equipment (lot_number, stream_version, equipment_id, step_id, operation, started_at, completed_at)
       SELECT ${LOT}, e.stream_version, x.equipment_id, coalesce(e.data->>'stepId', ''), ${text('operation')}, ${instant('startedAt')},
              coalesce(${instant('completedAt')}, ${instant('startedAt')})
       FROM events e
       CROSS JOIN LATERAL (SELECT DISTINCT v->>0 AS equipment_id FROM jsonb_array_elements(
                             CASE WHEN jsonb_typeof(e.data->'equipmentIds') = 'array' THEN e.data->'equipmentIds' ELSE '[]'::jsonb END) AS v
                           WHERE jsonb_typeof(v) = 'string') x
       WHERE e.stream_id LIKE 'lot-%' AND e.type = 'ProductionStepCompleted' AND ${instant('startedAt')} IS NOT NULL
       ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'trace_equipment',
      `INSERT INTO ${schema}.trace_equipment (equipment_id, kind, description, site_id, calibration_interval_days, registered_at)
       SELECT substr(e.stream_id, 11), coalesce(e.data->>'kind', 'gauge'), ${text('description')}, coalesce(e.data->>'siteId', e.metadata->>'siteId', ''),
              ${number('calibrationIntervalDays')}, e.occurred_at
       FROM events e WHERE e.stream_id LIKE 'equipment-%' AND e.type = 'EquipmentRegistered' ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'trace_calibrations',
      `INSERT INTO ${schema}.trace_calibrations (equipment_id, stream_version, calibration_id, performed_at, as_found, as_left, next_due_at,
         certificate_ref, performed_by)
       SELECT substr(e.stream_id, 11), e.stream_version, coalesce(e.data->>'calibrationId', ''), ${instant('performedAt')},
              CASE WHEN e.data->>'asFound' = 'in-tolerance' THEN 'in-tolerance' ELSE 'out-of-tolerance' END,
              CASE WHEN e.data->>'asLeft' = 'in-tolerance' THEN 'in-tolerance' ELSE 'out-of-tolerance' END,
              ${instant('nextDueAt')}, ${text('certificateRef')}, ${text('performedBy')}
       FROM events e WHERE e.stream_id LIKE 'equipment-%' AND e.type = 'CalibrationRecorded'
         AND ${instant('performedAt')} IS NOT NULL AND ${instant('nextDueAt')} IS NOT NULL ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      'consistency_calibrations',
      `INSERT INTO ${schema}.consistency_calibrations (equipment_id, calibration_id, performed_at, as_found, as_left, next_due_at, position)
       SELECT substr(e.stream_id, 11), e.data->>'calibrationId', (e.data->>'performedAt')::timestamptz, e.data->>'asFound', e.data->>'asLeft',
              (e.data->>'nextDueAt')::timestamptz, e.position
       FROM events e WHERE e.stream_category = 'equipment' AND e.type = 'CalibrationRecorded' ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
    [
      // subgroupStatistics() in float8, in the same order of operations (so the same bits).
      'spc_subgroups',
      `INSERT INTO ${schema}.spc_subgroups (lot_number, inspection_id, part_number, characteristic_id, stage, inspected_at, n, mean, range, std_dev,
         sum, sum_of_squares, measurements, lsl, usl, nominal, unit, verdict, gauge_id, position)
       SELECT ${LOT}, e.data->>'inspectionId', e.data->>'partNumber', e.data->'characteristic'->>'id', e.data->>'stage',
              (e.data->>'inspectedAt')::timestamptz, st.n, st.mean, st.range,
              CASE WHEN st.n > 1 THEN sqrt(m.m2 / (st.n - 1)) ELSE 0 END, st.sum, st.sumsq, st.xs,
              CASE WHEN jsonb_typeof(e.data->'characteristic'->'lsl') = 'number' THEN (e.data->'characteristic'->>'lsl')::float8 END,
              CASE WHEN jsonb_typeof(e.data->'characteristic'->'usl') = 'number' THEN (e.data->'characteristic'->>'usl')::float8 END,
              CASE WHEN jsonb_typeof(e.data->'characteristic'->'nominal') = 'number' THEN (e.data->'characteristic'->>'nominal')::float8 END,
              e.data->'characteristic'->>'unit', e.data->>'verdict', e.data->>'gaugeId', e.position
       FROM events e
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS n, max(x) - min(x) AS range, sum(x ORDER BY k) AS sum, sum(x * x ORDER BY k) AS sumsq,
                array_agg(x ORDER BY k) AS xs,
                (array_agg(x ORDER BY k))[1] + sum(x - ref ORDER BY k) / count(*) AS mean
         FROM (SELECT v::text::float8 AS x, k, (e.data->'measurements'->>0)::float8 AS ref
               FROM jsonb_array_elements(e.data->'measurements') WITH ORDINALITY AS a(v, k)) xs
       ) st
       CROSS JOIN LATERAL (
         SELECT sum((v::text::float8 - st.mean) * (v::text::float8 - st.mean) ORDER BY k) AS m2
         FROM jsonb_array_elements(e.data->'measurements') WITH ORDINALITY AS a(v, k)
       ) m
       WHERE e.stream_category = 'lot' AND e.type = 'InspectionRecorded' AND jsonb_typeof(e.data->'measurements') = 'array'
         AND jsonb_array_length(e.data->'measurements') > 0
         AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(e.data->'measurements') v WHERE jsonb_typeof(v) <> 'number')
       ${SAFE_ORDER} ON CONFLICT DO NOTHING`,
    ],
  ];
}

/** Builds every read model of ALL_READ_MODELS into `schema` (created fresh). */
export async function bulkBuildReadModels(pool: Pool, schema: string): Promise<{ events: number; seconds: number }> {
  const started = process.hrtime.bigint();
  const runner = new ProjectionRunner(pool, ALL_READ_MODELS, schema);
  await runner.ensureSchema();
  // The statements touch different tables: two at a time, beside the TypeScript-computed models.
  // BENCH_BULK_ONLY=t1,t2: run only those tables' statements (finishing an interrupted build; all are idempotent).
  const only = process.env.BENCH_BULK_ONLY?.split(',');
  const queue = statements(schema).filter(([table]) => !only || only.includes(table));
  const runStatements = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [table, sql] = next;
      const t = process.hrtime.bigint();
      const client = await pool.connect();
      const result = await client
        .query('SET statement_timeout = 0')
        .then(() => client.query(sql))
        .finally(() => client.release());
      log(`  bulk read models: ${table} ${result.rowCount} rows in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(0)} s`);
    }
  };
  await Promise.all([runStatements(), runStatements()]);
  await pool.query(
    `INSERT INTO ${schema}.applied_events (event_id, position, recorded_at) SELECT event_id, position, recorded_at FROM events ON CONFLICT DO NOTHING`,
  );
  const { rows: tail } = await pool.query(
    `SELECT transaction_id::text AS t, position::text AS p FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1`,
  );
  const cursor = tail[0] ? { transactionId: tail[0].t, position: tail[0].p } : START;
  await pool.query(`INSERT INTO ${schema}.checkpoints (source, value) VALUES ($1, $2) ON CONFLICT (source) DO UPDATE SET value = EXCLUDED.value`, [
    STORE_FEED_SOURCE,
    encodeCheckpoint(cursor),
  ]);
  const { rows: count } = await pool.query(`SELECT count(*)::bigint AS n FROM events`);
  return { events: Number(count[0].n), seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
