import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactTable, type ReadModel } from '@lotstream/messaging';
import { lotNumberOf, numberOrNull, textOrNull } from '../facts';

/**
 * Lots as registered: part, revision, kind, site, quantity. Everything that changes afterwards
 * (steps, verdicts, nonconformances, shipments, quantity left) is aggregated at query time over the
 * lot's events, so the order LotRegistered and the lot's other events arrive in does not matter.
 */
export const LOT_SUMMARY_TABLES = ['trace_lots'];

export const lotSummaryReadModel: ReadModel = {
  name: 'lot-summary',
  tables: LOT_SUMMARY_TABLES,
  ddl: [
    `CREATE TABLE IF NOT EXISTS trace_lots (
       lot_number text PRIMARY KEY,
       part_number text NOT NULL,
       part_revision text,
       kind text NOT NULL,
       site_id text NOT NULL,
       quantity numeric,
       unit text,
       supplier text,
       supplier_lot_number text,
       routing_revision text,
       split_from text,
       registered_at timestamptz NOT NULL,
       stream_version integer NOT NULL
     )`,
    `CREATE INDEX IF NOT EXISTS trace_lots_part ON trace_lots (part_number)`,
  ],
  apply: (tx, event) => applyLotSummary(tx, [event]),
  applyBatch: applyLotSummary,
};

const LOTS = new FactTable(
  'trace_lots',
  [
    ['lot_number', 'text'],
    ['part_number', 'text'],
    ['part_revision', 'text'],
    ['kind', 'text'],
    ['site_id', 'text'],
    ['quantity', 'numeric'],
    ['unit', 'text'],
    ['supplier', 'text'],
    ['supplier_lot_number', 'text'],
    ['routing_revision', 'text'],
    ['split_from', 'text'],
    ['registered_at', 'timestamptz'],
    ['stream_version', 'integer'],
  ],
  ['lot_number'],
);

async function applyLotSummary(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  const lots = LOTS.rows();
  for (const event of events) {
    const lotNumber = lotNumberOf(event);
    if (lotNumber === undefined || event.type !== 'LotRegistered') continue;
    const d = event.data;
    lots.add([
      lotNumber,
      String(d.partNumber ?? ''),
      textOrNull(d.partRevision),
      d.kind === 'material' ? 'material' : 'production',
      String(d.siteId ?? event.metadata?.siteId ?? ''),
      numberOrNull(d.quantity),
      textOrNull(d.unit),
      textOrNull(d.supplier),
      textOrNull(d.supplierLotNumber),
      textOrNull(d.routingRevision),
      textOrNull(d.splitFrom),
      event.occurredAt,
      event.streamVersion,
    ]);
  }
  await lots.flush(tx);
}
