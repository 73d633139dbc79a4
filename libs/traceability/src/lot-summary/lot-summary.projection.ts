import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactTable, factReadModel, type ReadModel } from '@lotstream/messaging';
import { lotNumberOf, numberOrNull, textOrNull } from '../facts';

const LOTS = new FactTable(
  'trace_lots',
  [
    ['lot_number', 'text'],
    ['part_number', 'text'],
    ['part_revision', 'text', 'nullable'],
    ['kind', 'text'],
    ['site_id', 'text'],
    ['quantity', 'numeric', 'nullable'],
    ['unit', 'text', 'nullable'],
    ['supplier', 'text', 'nullable'],
    ['supplier_lot_number', 'text', 'nullable'],
    ['routing_revision', 'text', 'nullable'],
    ['split_from', 'text', 'nullable'],
    ['registered_at', 'timestamptz'],
    ['stream_version', 'integer'],
  ],
  ['lot_number'],
  [{ name: 'trace_lots_part', on: ['part_number'] }],
);

/**
 * Lots as registered: part, revision, kind, site, quantity. Everything that changes afterwards
 * (steps, verdicts, nonconformances, shipments, quantity left) is aggregated at query time over the
 * lot's events, so the order LotRegistered and the lot's other events arrive in does not matter.
 */
export const lotSummaryReadModel: ReadModel = factReadModel('lot-summary', [LOTS], applyLotSummary);

export const LOT_SUMMARY_TABLES = lotSummaryReadModel.tables;

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
