import type { Pool, PoolClient } from 'pg';

/** The server backend whose open writing transaction is the oldest (see safeOrderHorizon). */
export interface BlockingBackend {
  pid: number;
  database: string | null;
  applicationName: string;
  /** pg_stat_activity.state: `idle in transaction` for a session that forgot to commit. */
  state: string | null;
  /** Its transaction id (backend_xid). */
  transactionId: string;
  transactionStartedAt: Date | null;
  ageSeconds: number;
}

export interface SafeOrderHorizon {
  /** Committed events that safe-order readers (relay, in-process projector) cannot read yet. */
  heldBackEvents: number;
  /** How long the oldest of them has waited (0 when none). */
  heldBackSeconds: number;
  /** The oldest open writing transaction on the server, in any database; none when there is none. */
  blocker?: BlockingBackend;
}

/**
 * Why safe-order readers may be behind. They read only transactions older than every transaction
 * still running on the SERVER (transaction ids are cluster-wide), so one writing transaction left
 * open — in any database, by any client — holds every event committed after it started back until
 * it ends. Names the oldest such backend from pg_stat_activity (the service's role needs
 * pg_read_all_stats, or pg_monitor, to see other roles' sessions).
 */
export async function safeOrderHorizon(db: Pool | PoolClient): Promise<SafeOrderHorizon> {
  const { rows } = await db.query(
    `WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
          held AS (SELECT count(*)::int AS events, min(recorded_at) AS oldest FROM events, horizon WHERE transaction_id >= horizon.xmin)
     SELECT held.events, coalesce(extract(epoch FROM clock_timestamp() - held.oldest), 0)::float8 AS held_seconds,
            b.pid, b.datname, b.application_name, b.state, b.backend_xid::text AS xid, b.xact_start,
            extract(epoch FROM clock_timestamp() - b.xact_start)::float8 AS age
       FROM held LEFT JOIN LATERAL (
         SELECT pid, datname, application_name, state, backend_xid, xact_start FROM pg_stat_activity
          WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
          ORDER BY age(backend_xid) DESC LIMIT 1) b ON true`,
  );
  const row = rows[0];
  const horizon: SafeOrderHorizon = { heldBackEvents: row.events, heldBackSeconds: Math.max(0, row.held_seconds) };
  if (row.pid !== null && row.pid !== undefined) {
    horizon.blocker = {
      pid: row.pid,
      database: row.datname,
      applicationName: row.application_name ?? '',
      state: row.state,
      transactionId: row.xid,
      transactionStartedAt: row.xact_start,
      ageSeconds: Math.max(0, row.age ?? 0),
    };
  }
  return horizon;
}
