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
 * Genealogy as an edge table (input → output), queried with recursive CTEs, and shipments (the
 * recall scope). An edge comes from the event on the *output's* stream for a consumption
 * (MaterialConsumed on the consuming lot) and on the *parent's* stream for a split (LotSplit);
 * MaterialIssued and LotRegistered.splitFrom are the other halves of the same facts and add no edge.
 * Keyed by the recording event, so a consumption recorded twice is two edges (summed when answered).
 */
export const lotGenealogyReadModel: ReadModel = factReadModel('lot-genealogy', [EDGES, SHIPMENTS], applyLotGenealogy);

export const LOT_GENEALOGY_TABLES = lotGenealogyReadModel.tables;

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
}
