import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactTable, factReadModel, type ReadModel } from '@lotstream/messaging';
import { instantOrNull, lotNumberOf, numberOrNull, textOrNull } from '../facts';

const EDGES = new FactTable(
  'trace_genealogy_edges',
  [
    ['lot_number', 'text'],
    ['stream_version', 'integer'],
    ['from_lot', 'text'],
    ['to_lot', 'text'],
    ['kind', 'text'],
    ['quantity', 'numeric', 'nullable'],
    ['unit', 'text', 'nullable'],
    ['occurred_at', 'timestamptz'],
  ],
  ['lot_number', 'stream_version'],
  [
    { name: 'trace_genealogy_edges_from', on: ['from_lot'] },
    { name: 'trace_genealogy_edges_to', on: ['to_lot'] },
  ],
);

const SHIPMENTS = new FactTable(
  'trace_shipments',
  [
    ['lot_number', 'text'],
    ['stream_version', 'integer'],
    ['shipment_id', 'text'],
    ['customer', 'text'],
    ['quantity', 'numeric', 'nullable'],
    ['shipped_at', 'timestamptz', 'nullable'],
  ],
  ['lot_number', 'stream_version'],
  [{ name: 'trace_shipments_customer', on: ['customer'] }],
);

/**
 * Corrections and voids of the lot's consumptions and shipments (EventCorrected/EventVoided travel on
 * the quality topic, the events they correct on the production topic: either may come first). Kept
 * as facts; after every page the edges and shipments of the lots it touched are brought to what the
 * corrections say (latest correction of each field wins, a void removes the row), so the tables end
 * up the same whatever the order and however often an event is redelivered.
 */
const CORRECTIONS = new FactTable(
  'trace_genealogy_corrections',
  [
    ['lot_number', 'text'],
    ['stream_version', 'integer'],
    ['event_version', 'integer'],
    ['event_type', 'text'],
    ['voided', 'boolean'],
    ['quantity', 'numeric', 'nullable'],
    ['customer', 'text', 'nullable'],
    ['shipped_at', 'timestamptz', 'nullable'],
  ],
  ['lot_number', 'stream_version'],
);

const CORRECTED_TYPES = new Set(['MaterialConsumed', 'LotShipped']);

/** The latest corrected value of one field per corrected event of the given lots. */
const latest = (field: string, eventType: string): string =>
  `SELECT DISTINCT ON (lot_number, event_version) lot_number, event_version, ${field} AS value FROM trace_genealogy_corrections
   WHERE lot_number = ANY($1::text[]) AND event_type = '${eventType}' AND NOT voided AND ${field} IS NOT NULL
   ORDER BY lot_number, event_version, stream_version DESC`;

async function applyCorrections(tx: PoolClient, lots: string[]): Promise<void> {
  if (lots.length === 0) return;
  for (const [table, type] of [
    ['trace_genealogy_edges', 'MaterialConsumed'],
    ['trace_shipments', 'LotShipped'],
  ]) {
    await tx.query(
      `DELETE FROM ${table} t USING trace_genealogy_corrections c
       WHERE c.lot_number = ANY($1::text[]) AND c.voided AND c.event_type = '${type}' AND t.lot_number = c.lot_number AND t.stream_version = c.event_version`,
      [lots],
    );
  }
  const fields: Array<[string, string, string]> = [
    ['trace_genealogy_edges', 'MaterialConsumed', 'quantity'],
    ['trace_shipments', 'LotShipped', 'quantity'],
    ['trace_shipments', 'LotShipped', 'customer'],
    ['trace_shipments', 'LotShipped', 'shipped_at'],
  ];
  for (const [table, type, field] of fields) {
    await tx.query(
      `UPDATE ${table} t SET ${field} = c.value FROM (${latest(field, type)}) c
       WHERE t.lot_number = c.lot_number AND t.stream_version = c.event_version AND t.${field} IS DISTINCT FROM c.value`,
      [lots],
    );
  }
}

/**
 * Genealogy as an edge table (input → output), queried with recursive CTEs, and shipments (the
 * recall scope). An edge comes from the event on the *output's* stream for a consumption
 * (MaterialConsumed on the consuming lot) and on the *parent's* stream for a split (LotSplit);
 * MaterialIssued and LotRegistered.splitFrom are the other halves of the same facts and add no edge.
 * Keyed by the recording event, so a consumption recorded twice is two edges (summed when answered).
 */
export const lotGenealogyReadModel: ReadModel = factReadModel('lot-genealogy', [EDGES, SHIPMENTS, CORRECTIONS], applyLotGenealogy);

export const LOT_GENEALOGY_TABLES = lotGenealogyReadModel.tables;

async function applyLotGenealogy(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  const edges = EDGES.rows();
  const shipments = SHIPMENTS.rows();
  const corrections = CORRECTIONS.rows();
  const touched = new Set<string>();
  for (const event of events) {
    const lotNumber = lotNumberOf(event);
    if (lotNumber === undefined) continue;
    const d = event.data;
    if (event.type === 'MaterialConsumed' || event.type === 'LotShipped') touched.add(lotNumber);
    switch (event.type) {
      case 'EventCorrected':
      case 'EventVoided': {
        if (!CORRECTED_TYPES.has(String(d.eventType))) continue;
        touched.add(lotNumber);
        const c = (event.type === 'EventCorrected' ? d.corrected : {}) ?? {};
        corrections.add([
          lotNumber,
          event.streamVersion,
          d.eventVersion,
          d.eventType,
          event.type === 'EventVoided',
          numberOrNull(c.quantity),
          textOrNull(c.customer),
          instantOrNull(c.shippedAt),
        ]);
        continue;
      }
      case 'MaterialConsumed':
      case 'LotSplit': {
        const consumption = event.type === 'MaterialConsumed';
        const other = textOrNull(consumption ? d.inputLotNumber : d.childLotNumber);
        if (!other) continue;
        edges.add([
          lotNumber,
          event.streamVersion,
          consumption ? other : lotNumber,
          consumption ? lotNumber : other,
          consumption ? 'consumption' : 'split',
          numberOrNull(d.quantity),
          textOrNull(d.unit),
          event.occurredAt,
        ]);
        continue;
      }
      case 'LotShipped':
        shipments.add([
          lotNumber,
          event.streamVersion,
          String(d.shipmentId ?? ''),
          String(d.customer ?? ''),
          numberOrNull(d.quantity),
          instantOrNull(d.shippedAt),
        ]);
        continue;
      default:
        continue;
    }
  }
  await edges.flush(tx);
  await shipments.flush(tx);
  await corrections.flush(tx);
  await applyCorrections(tx, [...touched]);
}
