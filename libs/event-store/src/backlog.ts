import type { Pool, PoolClient } from 'pg';

export interface Backlog {
  /** Events recorded after the position. */
  events: number;
  /** When the oldest of them was recorded; null when there are none. */
  oldestRecordedAt: Date | null;
}

/**
 * The events a consumer has still to see after `position` (the newest it applied), leaving out the
 * categories it never consumes. The one query of the events table a read side needs for its lag.
 */
export async function backlogAfter(db: Pool | PoolClient, position: string, ignoredCategories: readonly string[] = []): Promise<Backlog> {
  const { rows } = await db.query(
    `SELECT count(*)::int AS events, min(recorded_at) AS oldest FROM events
      WHERE position > $1::bigint AND NOT (stream_category = ANY($2::text[]))`,
    [position, ignoredCategories],
  );
  return { events: rows[0].events, oldestRecordedAt: rows[0].oldest };
}
