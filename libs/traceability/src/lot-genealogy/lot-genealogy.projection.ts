import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactTable, type ReadModel } from '@lotstream/messaging';
import { instantOrNull, lotNumberOf, numberOrNull, textOrNull } from '../facts';

/**
 * Genealogy as an edge table (input → output), queried with recursive CTEs, and shipments (the
 * recall scope). An edge comes from the event on the *output's* stream for a consumption
 * (MaterialConsumed on the consuming lot) and on the *parent's* stream for a split (LotSplit);
 * MaterialIssued and LotRegistered.splitFrom are the other halves of the same facts and add no edge.
 * Keyed by the recording event, so a consumption recorded twice is two edges (summed when answered).
 */
export const LOT_GENEALOGY_TABLES = ['trace_genealogy_edges', 'trace_shipments'];

export const lotGenealogyReadModel: ReadModel = {
  name: 'lot-genealogy',
  tables: LOT_GENEALOGY_TABLES,
  ddl: [
    `CREATE TABLE IF NOT EXISTS trace_genealogy_edges (
       lot_number text NOT NULL,
       stream_version integer NOT NULL,
       from_lot text NOT NULL,
       to_lot text NOT NULL,
       kind text NOT NULL,
       quantity numeric,
       unit text,
       occurred_at timestamptz NOT NULL,
       PRIMARY KEY (lot_number, stream_version)
     )`,
    `CREATE INDEX IF NOT EXISTS trace_genealogy_edges_from ON trace_genealogy_edges (from_lot)`,
    `CREATE INDEX IF NOT EXISTS trace_genealogy_edges_to ON trace_genealogy_edges (to_lot)`,
    `CREATE TABLE IF NOT EXISTS trace_shipments (
       lot_number text NOT NULL,
       stream_version integer NOT NULL,
       shipment_id text NOT NULL,
       customer text NOT NULL,
       quantity numeric,
       shipped_at timestamptz,
       PRIMARY KEY (lot_number, stream_version)
     )`,
    `CREATE INDEX IF NOT EXISTS trace_shipments_customer ON trace_shipments (customer)`,
  ],
  apply: (tx, event) => applyLotGenealogy(tx, [event]),
  applyBatch: applyLotGenealogy,
};

const EDGES = new FactTable(
  'trace_genealogy_edges',
  [
    ['lot_number', 'text'],
    ['stream_version', 'integer'],
    ['from_lot', 'text'],
    ['to_lot', 'text'],
    ['kind', 'text'],
    ['quantity', 'numeric'],
    ['unit', 'text'],
    ['occurred_at', 'timestamptz'],
  ],
  ['lot_number', 'stream_version'],
);

const SHIPMENTS = new FactTable(
  'trace_shipments',
  [
    ['lot_number', 'text'],
    ['stream_version', 'integer'],
    ['shipment_id', 'text'],
    ['customer', 'text'],
    ['quantity', 'numeric'],
    ['shipped_at', 'timestamptz'],
  ],
  ['lot_number', 'stream_version'],
);

async function applyLotGenealogy(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  const edges = EDGES.rows();
  const shipments = SHIPMENTS.rows();
  for (const event of events) {
    const lotNumber = lotNumberOf(event);
    if (lotNumber === undefined) continue;
    const d = event.data;
    switch (event.type) {
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
        shipments.add([lotNumber, event.streamVersion, String(d.shipmentId ?? ''), String(d.customer ?? ''), numberOrNull(d.quantity), instantOrNull(d.shippedAt)]);
        continue;
      default:
        continue;
    }
  }
  await edges.flush(tx);
  await shipments.flush(tx);
}
