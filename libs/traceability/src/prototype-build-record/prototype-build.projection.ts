import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactTable, type ReadModel } from '@lotstream/messaging';
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
  apply: (tx, event) => applyPrototypeBuild(tx, [event]),
  applyBatch: applyPrototypeBuild,
};

const PROTOTYPE_EVENTS = new FactTable(
  'trace_prototype_events',
  [
    ['build_id', 'text'],
    ['stream_version', 'integer'],
    ['event_id', 'uuid'],
    ['position', 'bigint'],
    ['type', 'text'],
    ['data', 'jsonb'],
    ['metadata', 'jsonb'],
    ['occurred_at', 'timestamptz'],
    ['recorded_at', 'timestamptz'],
  ],
  ['build_id', 'stream_version'],
);

async function applyPrototypeBuild(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  const rows = PROTOTYPE_EVENTS.rows();
  for (const event of events) {
    const buildId = buildIdOf(event);
    if (buildId === undefined) continue;
    rows.add([
      buildId,
      event.streamVersion,
      event.eventId,
      event.position,
      event.type,
      event.data ?? {},
      event.metadata ?? {},
      event.occurredAt,
      event.recordedAt,
    ]);
  }
  await rows.flush(tx);
}
