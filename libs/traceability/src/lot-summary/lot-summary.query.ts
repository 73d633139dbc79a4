import { releaseStatusOf } from '@lotstream/domain';
import { iso, isoOf, num, Queryable, SiteScope, sees } from '../query-context';

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
  /**
   * The latest release and whether it stands (`superseded`: a correction or void recorded after it;
   * the lot needs a new release), and the holds in force. As the read model holds the stream: the
   * release command and release-readiness judge from the stream itself.
   */
  release: LotReleaseStatus;
  /** Highest version of the lot's stream the read model holds. */
  streamVersion: number;
}

export type LotReleaseStatus = ReturnType<typeof releaseStatusOf> & { onHold: boolean; activeHolds: Array<{ holdId: string; reason: string }> };

const EPSILON = 1e-9;

/**
 * The lot's events as corrected (a CTE `lot_events` over lot $1): each corrected step, inspection,
 * consumption, issue or shipment with its latest corrected fields, voided ones left out.
 */
const correctedLotEvents = (schema: string): string =>
  `WITH corrections AS (
     SELECT stream_version, type, data FROM ${schema}.trace_lot_events WHERE lot_number = $1 AND type IN ('EventCorrected', 'EventVoided')
   ), lot_events AS (
     SELECT e.stream_version, e.type, e.occurred_at,
            e.data || coalesce((SELECT jsonb_object_agg(f.key, f.value ORDER BY c.stream_version)
                                FROM corrections c, jsonb_each(c.data->'corrected') f
                                WHERE c.type = 'EventCorrected' AND c.data->>'eventVersion' = e.stream_version::text AND c.data->>'eventType' = e.type), '{}') AS data
     FROM ${schema}.trace_lot_events e
     WHERE e.lot_number = $1
       AND NOT EXISTS (SELECT 1 FROM corrections v
                       WHERE v.type = 'EventVoided' AND v.data->>'eventVersion' = e.stream_version::text AND v.data->>'eventType' = e.type)
   )`;

/**
 * The lot's summary, aggregated at query time over its registration and its events: nothing here
 * depends on the order the projector saw them in. Undefined when unknown or of a site out of scope.
 */
export async function lotSummary(db: Queryable, schema: string, lotNumber: string, scope: SiteScope): Promise<LotSummary | undefined> {
  const lot = (await db.query(`SELECT * FROM ${schema}.trace_lots WHERE lot_number = $1`, [lotNumber])).rows[0];
  if (!lot || !sees(scope, lot.site_id)) return undefined;
  const events = correctedLotEvents(schema);
  const [totals, steps, open, shipments, release] = await Promise.all([
    db.query(
      `${events} SELECT coalesce(max(stream_version), 0) AS stream_version,
         count(*) FILTER (WHERE type = 'InspectionRecorded') AS inspections,
         count(*) FILTER (WHERE type = 'InspectionRecorded' AND data->>'verdict' = 'pass') AS pass,
         count(*) FILTER (WHERE type = 'InspectionRecorded' AND data->>'verdict' = 'fail') AS fail,
         count(*) FILTER (WHERE type = 'InspectionRecorded' AND data->>'verdict' = 'n/a') AS not_applicable,
         count(*) FILTER (WHERE type IN ('ProductionStepCompleted', 'MaterialConsumed', 'InspectionRecorded')) AS work,
         coalesce(sum((data->>'quantity')::numeric) FILTER (WHERE type = 'MaterialIssued'), 0) AS issued,
         coalesce(sum((data->>'quantity')::numeric) FILTER (WHERE type = 'LotSplit'), 0) AS split_off,
         coalesce(sum((data->>'quantity')::numeric) FILTER (WHERE type = 'LotShipped'), 0) AS shipped
       FROM lot_events`,
      [lotNumber],
    ),
    db.query(
      `${events} SELECT data->>'stepId' AS step_id, data->>'operation' AS operation, (data->>'sequence')::numeric AS sequence,
         data->>'completedAt' AS completed_at, (data->>'quantityGood')::numeric AS quantity_good,
         (data->>'quantityScrapped')::numeric AS quantity_scrapped
       FROM lot_events WHERE type = 'ProductionStepCompleted'
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
    // Releases, holds and what may supersede a release: a handful of events of the lot.
    db.query(
      `SELECT type, data FROM ${schema}.trace_lot_events
       WHERE lot_number = $1 AND type IN ('LotReleased', 'LotHeld', 'LotHoldReleased', 'EventCorrected', 'EventVoided')
       ORDER BY stream_version`,
      [lotNumber],
    ),
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
    release: releaseOf(release.rows),
    streamVersion: Number(t.stream_version),
  };
}

function releaseOf(events: Array<{ type: string; data: Record<string, unknown> }>): LotReleaseStatus {
  const holds = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'LotHeld') holds.set(String(event.data.holdId), String(event.data.reason ?? ''));
    else if (event.type === 'LotHoldReleased') holds.delete(String(event.data.holdId));
  }
  return { ...releaseStatusOf(events), onHold: holds.size > 0, activeHolds: [...holds].map(([holdId, reason]) => ({ holdId, reason })) };
}

export interface ShipmentView {
  lotNumber: string;
  shipmentId: string;
  customer: string;
  quantity: number | null;
  shippedAt: string | null;
}

export function shipmentView(row: Record<string, any>): ShipmentView {
  return { lotNumber: row.lot_number, shipmentId: row.shipment_id, customer: row.customer, quantity: num(row.quantity), shippedAt: isoOf(row.shipped_at) };
}
