import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import type { ReadModel } from '@lotstream/messaging';
import { buildIdOf } from '../facts';

/**
 * The build record of a prototype: every event of its own stream, in stream order. Kept apart from
 * every lot table, so a prototype never shows in a lot's history, genealogy or an impact answer.
 */
export const PROTOTYPE_BUILD_TABLES = ['trace_prototype_events'];

export const prototypeBuildReadModel: ReadModel = {
  name: 'prototype-build-record',
  tables: PROTOTYPE_BUILD_TABLES,
  ddl: [
    `CREATE TABLE IF NOT EXISTS trace_prototype_events (
       build_id text NOT NULL,
       stream_version integer NOT NULL,
       event_id uuid NOT NULL,
       position bigint NOT NULL,
       type text NOT NULL,
       data jsonb NOT NULL,
       metadata jsonb NOT NULL,
       occurred_at timestamptz NOT NULL,
       recorded_at timestamptz NOT NULL,
       PRIMARY KEY (build_id, stream_version)
     )`,
  ],
  async apply(tx: PoolClient, event: RecordedEvent): Promise<void> {
    const buildId = buildIdOf(event);
    if (buildId === undefined) return;
    await tx.query(
      `INSERT INTO trace_prototype_events (build_id, stream_version, event_id, position, type, data, metadata, occurred_at, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (build_id, stream_version) DO NOTHING`,
      [
        buildId,
        event.streamVersion,
        event.eventId,
        event.position,
        event.type,
        JSON.stringify(event.data ?? {}),
        JSON.stringify(event.metadata ?? {}),
        event.occurredAt,
        event.recordedAt,
      ],
    );
  },
};
