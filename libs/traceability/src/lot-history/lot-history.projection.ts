import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import type { ReadModel } from '@lotstream/messaging';
import { lotNumberOf } from '../facts';

/**
 * Device history record: every event of a lot stream (production and quality alike), keyed by
 * (lot, stream version). Production and quality events of one lot travel on different topics and
 * may arrive in either order; the key puts them back in stream order at query time.
 */
export const LOT_HISTORY_TABLES = ['trace_lot_events'];

export const lotHistoryReadModel: ReadModel = {
  name: 'lot-history',
  tables: LOT_HISTORY_TABLES,
  ddl: [
    `CREATE TABLE IF NOT EXISTS trace_lot_events (
       lot_number text NOT NULL,
       stream_version integer NOT NULL,
       event_id uuid NOT NULL,
       position bigint NOT NULL,
       type text NOT NULL,
       schema_version integer NOT NULL,
       data jsonb NOT NULL,
       metadata jsonb NOT NULL,
       occurred_at timestamptz NOT NULL,
       recorded_at timestamptz NOT NULL,
       PRIMARY KEY (lot_number, stream_version)
     )`,
    `CREATE INDEX IF NOT EXISTS trace_lot_events_type ON trace_lot_events (lot_number, type)`,
  ],
  async apply(tx: PoolClient, event: RecordedEvent): Promise<void> {
    const lotNumber = lotNumberOf(event);
    if (lotNumber === undefined) return;
    await tx.query(
      `INSERT INTO trace_lot_events
         (lot_number, stream_version, event_id, position, type, schema_version, data, metadata, occurred_at, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (lot_number, stream_version) DO NOTHING`,
      [
        lotNumber,
        event.streamVersion,
        event.eventId,
        event.position,
        event.type,
        event.schemaVersion ?? 1,
        JSON.stringify(event.data ?? {}),
        JSON.stringify(event.metadata ?? {}),
        event.occurredAt,
        event.recordedAt,
      ],
    );
  },
};
