import type { Pool, PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';

/**
 * A read model: plain tables owned by the projector, derivable from the events at any time.
 * Its DDL uses unqualified table names; the runner places them in the read-model schema
 * (`rm` live, another schema while rebuilding), so a rebuild can build beside the live tables
 * and swap schemas when caught up. Queries name the live tables as `rm.<table>`.
 *
 * apply() must give the same tables whatever the interleaving of events from different streams
 * (per-stream order is kept): write facts keyed by their natural ids and derive, or use
 * commutative updates — never "last message wins" across streams.
 */
export interface ReadModel {
  name: string;
  ddl: string[];
  /** Tables it owns, compared by replay-equivalence tests and dropped by rebuilds. */
  tables: string[];
  apply(tx: PoolClient, event: RecordedEvent): Promise<void>;
}

export const READ_MODEL_SCHEMA = 'rm';

export interface AppliedCheckpoint {
  source: string;
  value: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

/**
 * Applies events to every read model with exactly-once effect: in ONE transaction it skips event
 * ids already applied, applies the rest, and stores the feed's checkpoint. A feed that crashes
 * before commit re-delivers; the dedupe makes that harmless.
 */
export class ProjectionRunner {
  private readonly waiters: Array<() => void> = [];
  private paused = false;
  private inFlight = 0;

  constructor(
    private readonly pool: Pool,
    readonly readModels: ReadModel[],
    readonly schema: string = READ_MODEL_SCHEMA,
  ) {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid read-model schema name ${schema}`);
  }

  /** Creates the schema, the runner's own tables and every read model's tables (idempotent). */
  async ensureSchema(db: Pool | PoolClient = this.pool): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
    const statements = [
      `CREATE TABLE IF NOT EXISTS ${this.schema}.applied_events (event_id uuid PRIMARY KEY, position bigint NOT NULL, recorded_at timestamptz NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS applied_events_position ON ${this.schema}.applied_events (position)`,
      `CREATE TABLE IF NOT EXISTS ${this.schema}.checkpoints (source text PRIMARY KEY, value text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    ];
    for (const statement of statements) await db.query(statement);
    const client = 'release' in db ? (db as PoolClient) : await this.pool.connect();
    try {
      await client.query(`SET search_path TO ${this.schema}, public`);
      for (const model of this.readModels) for (const ddl of model.ddl) await client.query(ddl);
    } finally {
      await client.query('RESET search_path').catch(() => undefined);
      if (client !== db) client.release();
    }
  }

  /** Applies a page of events and the checkpoint in one transaction; returns how many were new. */
  async apply(events: RecordedEvent[], checkpoint?: AppliedCheckpoint): Promise<number> {
    await this.enter();
    try {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SET LOCAL search_path TO ${this.schema}, public`);
        let applied = 0;
        if (events.length > 0) {
          const { rows } = await client.query(
            `INSERT INTO applied_events (event_id, position, recorded_at)
             SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[])
             ON CONFLICT DO NOTHING RETURNING event_id`,
            [events.map((e) => e.eventId), events.map((e) => e.position), events.map((e) => e.recordedAt)],
          );
          const fresh = new Set(rows.map((r) => r.event_id as string));
          for (const event of events) {
            if (!fresh.has(event.eventId)) continue;
            fresh.delete(event.eventId); // a page may carry the same event twice (redelivery)
            for (const model of this.readModels) await model.apply(client, event);
            applied++;
          }
        }
        if (checkpoint) {
          await client.query(
            `INSERT INTO checkpoints (source, value, updated_at) VALUES ($1, $2, now())
             ON CONFLICT (source) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
            [checkpoint.source, checkpoint.value],
          );
        }
        await client.query('COMMIT');
        return applied;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    } finally {
      this.leave();
    }
  }

  async checkpoint(source: string): Promise<string | undefined> {
    const { rows } = await this.pool.query(`SELECT value FROM ${this.schema}.checkpoints WHERE source = $1`, [source]);
    return rows[0]?.value;
  }

  async checkpoints(): Promise<Record<string, string>> {
    const { rows } = await this.pool.query(`SELECT source, value FROM ${this.schema}.checkpoints`);
    return Object.fromEntries(rows.map((r) => [r.source, r.value]));
  }

  /**
   * How far read models trail the store: events recorded after the newest applied one (approximate
   * when Kafka topics interleave), and the age of the oldest such event.
   */
  async lag(now: Date): Promise<{ events: number; seconds: number }> {
    const { rows } = await this.pool.query(
      `WITH applied AS (SELECT coalesce(max(position), 0) AS position FROM ${this.schema}.applied_events),
            behind AS (SELECT position, recorded_at FROM events WHERE position > (SELECT position FROM applied)
                       AND stream_category <> 'access')
       SELECT count(*)::int AS events, min(recorded_at) AS oldest FROM behind`,
    );
    const oldest: Date | null = rows[0].oldest;
    return { events: rows[0].events, seconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 };
  }

  /**
   * Runs `fn` while no page is being applied and none may start (a rebuild's final catch-up and
   * schema swap happen inside).
   */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.paused) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.paused = true;
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    try {
      return await fn();
    } finally {
      this.paused = false;
      this.waiters.splice(0).forEach((wake) => wake());
    }
  }

  private async enter(): Promise<void> {
    while (this.paused) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.inFlight++;
  }

  private leave(): void {
    this.inFlight--;
    if (this.inFlight === 0) this.waiters.splice(0).forEach((wake) => wake());
  }
}
