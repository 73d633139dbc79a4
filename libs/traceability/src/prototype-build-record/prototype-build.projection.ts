import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';
import { FactTable, factReadModel, type ReadModel } from '@lotstream/messaging';
import { buildIdOf } from '../facts';

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

/**
 * The build record of a prototype: every event of its own stream, in stream order. Kept apart from
 * every lot table, so a prototype never shows in a lot's history, genealogy or an impact answer.
 */
export const prototypeBuildReadModel: ReadModel = factReadModel('prototype-build-record', [PROTOTYPE_EVENTS], applyPrototypeBuild);

export const PROTOTYPE_BUILD_TABLES = prototypeBuildReadModel.tables;

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
