import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactTable, factReadModel, type ReadModel } from '@lotstream/messaging';
import { lotNumberOf } from '../facts';

export const TRACE_LOT_EVENTS = new FactTable(
  'trace_lot_events',
  [
    ['lot_number', 'text'],
    ['stream_version', 'integer'],
    ['event_id', 'uuid'],
    ['position', 'bigint'],
    ['type', 'text'],
    ['schema_version', 'integer'],
    ['data', 'jsonb'],
    ['metadata', 'jsonb'],
    ['occurred_at', 'timestamptz'],
    ['recorded_at', 'timestamptz'],
  ],
  ['lot_number', 'stream_version'],
  [
    { name: 'trace_lot_events_type', on: ['lot_number', 'type'] },
    // A supplier's received lots (scorecard): material lots only, found by the supplier named at
    // registration instead of a scan of every lot's events.
    {
      name: 'trace_lot_events_supplier',
      on: ["(data->>'supplierId')", 'lot_number'],
      where: "type = 'LotRegistered' AND (data->>'supplierId') IS NOT NULL",
    },
  ],
);

/**
 * Device history record: every event of a lot stream (production and quality alike), keyed by
 * (lot, stream version). Production and quality events of one lot travel on different topics and
 * may arrive in either order; the key puts them back in stream order at query time.
 */
export const lotHistoryReadModel: ReadModel = factReadModel('lot-history', [TRACE_LOT_EVENTS], applyLotHistory);

export const LOT_HISTORY_TABLES = lotHistoryReadModel.tables;

async function applyLotHistory(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  const rows = TRACE_LOT_EVENTS.rows();
  for (const event of events) {
    const lotNumber = lotNumberOf(event);
    if (lotNumber === undefined) continue;
    rows.add([
      lotNumber,
      event.streamVersion,
      event.eventId,
      event.position,
      event.type,
      event.schemaVersion ?? 1,
      event.data ?? {},
      event.metadata ?? {},
      event.occurredAt,
      event.recordedAt,
    ]);
  }
  await rows.flush(tx);
}
