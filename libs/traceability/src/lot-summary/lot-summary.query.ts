import { iso, num, Queryable, SiteScope, sees } from '../query-context';

export type LotStatus = 'registered' | 'in-process' | 'consumed' | 'shipped';

export interface LotSummary {
  lotNumber: string;
  partNumber: string;
  partRevision: string | null;
  kind: 'production' | 'material';
  siteId: string;
  quantity: number | null;
  unit: string | null;
  /** Registered − issued to other lots − split off (shipments are counted apart, as the write side does). */
  quantityRemaining: number | null;
  quantityShipped: number;
  supplier?: string;
  supplierLotNumber?: string;
  routingRevision?: string;
  splitFrom?: string;
  registeredAt: string;
  status: LotStatus;
  stepsDone: number;
  steps: Array<{
    stepId: string;
    operation: string;
    sequence: number;
    completedAt: string | null;
    quantityGood: number | null;
    quantityScrapped: number | null;
  }>;
  inspections: { total: number; pass: number; fail: number; 'n/a': number };
  openNonconformances: Array<{ ncId: string; description: string; quantityAffected: number | null; raisedAt: string | null }>;
  shipments: ShipmentView[];
  /** Highest version of the lot's stream the read model holds. */
  streamVersion: number;
}

const EPSILON = 1e-9;

/**
 * The lot's summary, aggregated at query time over its registration and its events: nothing here
 * depends on the order the projector saw them in. Undefined when unknown or of a site out of scope.
 */
export async function lotSummary(db: Queryable, schema: string, lotNumber: string, scope: SiteScope): Promise<LotSummary | undefined> {
  const lot = (await db.query(`SELECT * FROM ${schema}.trace_lots WHERE lot_number = $1`, [lotNumber])).rows[0];
  if (!lot || !sees(scope, lot.site_id)) return undefined;
  const [totals, steps, open, shipments] = await Promise.all([
    db.query(
      `SELECT coalesce(max(stream_version), 0) AS stream_version,
         count(*) FILTER (WHERE type = 'InspectionRecorded') AS inspections,
         count(*) FILTER (WHERE type = 'InspectionRecorded' AND data->>'verdict' = 'pass') AS pass,
         count(*) FILTER (WHERE type = 'InspectionRecorded' AND data->>'verdict' = 'fail') AS fail,
         count(*) FILTER (WHERE type = 'InspectionRecorded' AND data->>'verdict' = 'n/a') AS not_applicable,
         count(*) FILTER (WHERE type IN ('ProductionStepCompleted', 'MaterialConsumed', 'InspectionRecorded')) AS work,
         coalesce(sum((data->>'quantity')::numeric) FILTER (WHERE type = 'MaterialIssued'), 0) AS issued,
         coalesce(sum((data->>'quantity')::numeric) FILTER (WHERE type = 'LotSplit'), 0) AS split_off,
         coalesce(sum((data->>'quantity')::numeric) FILTER (WHERE type = 'LotShipped'), 0) AS shipped
       FROM ${schema}.trace_lot_events WHERE lot_number = $1`,
      [lotNumber],
    ),
    db.query(
      `SELECT data->>'stepId' AS step_id, data->>'operation' AS operation, (data->>'sequence')::numeric AS sequence,
         data->>'completedAt' AS completed_at, (data->>'quantityGood')::numeric AS quantity_good,
         (data->>'quantityScrapped')::numeric AS quantity_scrapped
       FROM ${schema}.trace_lot_events WHERE lot_number = $1 AND type = 'ProductionStepCompleted'
       ORDER BY stream_version`,
      [lotNumber],
    ),
    db.query(
      `SELECT raised.data->>'ncId' AS nc_id, raised.data->>'description' AS description,
         (raised.data->>'quantityAffected')::numeric AS quantity_affected, raised.occurred_at
       FROM ${schema}.trace_lot_events raised
       WHERE raised.lot_number = $1 AND raised.type = 'NonconformanceRaised'
         AND NOT EXISTS (SELECT 1 FROM ${schema}.trace_lot_events disposition
                         WHERE disposition.lot_number = $1 AND disposition.type = 'NonconformanceDispositioned'
                           AND disposition.data->>'ncId' = raised.data->>'ncId')
       ORDER BY raised.stream_version`,
      [lotNumber],
    ),
    db.query(`SELECT * FROM ${schema}.trace_shipments WHERE lot_number = $1 ORDER BY stream_version`, [lotNumber]),
  ]);
  const t = totals.rows[0];
  const quantity = num(lot.quantity);
  const remaining = quantity === null ? null : quantity - Number(t.issued) - Number(t.split_off);
  const shipped = Number(t.shipped);
  const stepRows = steps.rows;
  const status: LotStatus =
    shipped > 0 && remaining !== null && remaining - shipped <= EPSILON
      ? 'shipped'
      : remaining !== null && remaining <= EPSILON
        ? 'consumed'
        : Number(t.work) > 0 || shipped > 0
          ? 'in-process'
          : 'registered';
  return {
    lotNumber,
    partNumber: lot.part_number,
    partRevision: lot.part_revision,
    kind: lot.kind,
    siteId: lot.site_id,
    quantity,
    unit: lot.unit,
    quantityRemaining: remaining,
    quantityShipped: shipped,
    ...(lot.supplier !== null ? { supplier: lot.supplier } : {}),
    ...(lot.supplier_lot_number !== null ? { supplierLotNumber: lot.supplier_lot_number } : {}),
    ...(lot.routing_revision !== null ? { routingRevision: lot.routing_revision } : {}),
    ...(lot.split_from !== null ? { splitFrom: lot.split_from } : {}),
    registeredAt: iso(lot.registered_at)!,
    status,
    stepsDone: new Set(stepRows.map((s) => s.step_id)).size,
    steps: stepRows.map((s) => ({
      stepId: s.step_id,
      operation: s.operation,
      sequence: Number(s.sequence),
      completedAt: s.completed_at,
      quantityGood: num(s.quantity_good),
      quantityScrapped: num(s.quantity_scrapped),
    })),
    inspections: { total: Number(t.inspections), pass: Number(t.pass), fail: Number(t.fail), 'n/a': Number(t.not_applicable) },
    openNonconformances: open.rows.map((nc) => ({
      ncId: nc.nc_id,
      description: nc.description,
      quantityAffected: num(nc.quantity_affected),
      raisedAt: iso(nc.occurred_at),
    })),
    shipments: shipments.rows.map(shipmentView),
    streamVersion: Number(t.stream_version),
  };
}

export interface ShipmentView {
  lotNumber: string;
  shipmentId: string;
  customer: string;
  quantity: number | null;
  shippedAt: string | null;
}

export function shipmentView(row: Record<string, any>): ShipmentView {
  return { lotNumber: row.lot_number, shipmentId: row.shipment_id, customer: row.customer, quantity: num(row.quantity), shippedAt: iso(row.shipped_at) };
}
