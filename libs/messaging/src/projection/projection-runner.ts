import type { Pool, PoolClient } from 'pg';
import { backlogAfter, type RecordedEvent } from '@lotstream/event-store';
import { pgText } from './fact-table';
import type { ReadModel } from './read-model';

export const READ_MODEL_SCHEMA = 'rm';

export interface AppliedCheckpoint {
  source: string;
  value: string;
}

// Streams whose events are never published: API keys, revision-id claims, site policies.
const CATEGORIES_NOT_PROJECTED = ['access', 'revision', 'site'];

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

/** deadlock_detected, serialization_failure: the transaction was aborted for its timing only. */
const TRANSIENT_SQLSTATES = new Set(['40P01', '40001']);
const TRANSIENT_ATTEMPTS = 5;

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
    /**
     * false for a rebuild into a fresh schema: its pages need not wait for the WAL flush. Nothing is
     * lost by it: a crashed rebuild is discarded, and the swap's own (synchronous) commit flushes
     * every earlier page's WAL first.
     */
    private readonly durablePages = true,
  ) {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid read-model schema name ${schema}`);
  }

  /**
   * Creates the schema, the runner's own tables and every read model's tables (idempotent). Under a
   * session advisory lock per schema: `CREATE … IF NOT EXISTS` is not safe against itself, and two
   * projector instances starting together would otherwise both create a table and one fail (23505 on
   * pg_type).
   */
  async ensureSchema(db: Pool | PoolClient = this.pool): Promise<void> {
    const client = 'release' in db ? (db as PoolClient) : await this.pool.connect();
    const lock = `lotstream read-model schema ${this.schema}`;
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
        const statements = [
          `CREATE TABLE IF NOT EXISTS ${this.schema}.applied_events (event_id uuid PRIMARY KEY, position bigint NOT NULL, recorded_at timestamptz NOT NULL)`,
          `CREATE INDEX IF NOT EXISTS applied_events_position ON ${this.schema}.applied_events (position)`,
          `CREATE TABLE IF NOT EXISTS ${this.schema}.checkpoints (source text PRIMARY KEY, value text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
        ];
        for (const statement of statements) await client.query(statement);
        await client.query(`SET search_path TO ${this.schema}, public`);
        for (const model of this.readModels) for (const ddl of model.ddl) await client.query(ddl);
      } finally {
        await client.query('RESET search_path').catch(() => undefined);
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]).catch(() => undefined);
      }
    } finally {
      if (client !== db) client.release();
    }
  }

  /**
   * Applies a page of events and the checkpoint(s) in one transaction; returns how many were new.
   * Several checkpoints when the page joins chunks of several sources (partitions of a feed).
   */
  async apply(events: RecordedEvent[], checkpoint?: AppliedCheckpoint | readonly AppliedCheckpoint[]): Promise<number> {
    const bySource = new Map<string, string>();
    for (const { source, value } of checkpoint === undefined ? [] : 'source' in checkpoint ? [checkpoint] : checkpoint) bySource.set(source, value);
    // In the same order in every transaction: two that write the same checkpoint rows wait for
    // each other instead of deadlocking.
    const checkpoints = [...bySource.keys()].sort().map((source) => ({ source, value: bySource.get(source)! }));
    await this.enter();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.applyOnce(events, checkpoints);
        } catch (error) {
          // Transactions of several partitions (or projector instances) may meet on the same rows
          // (a read model keyed across streams, a redelivery during a rebalance) and PostgreSQL
          // aborts one of them. It left nothing behind, and the apply is idempotent: run it again.
          if (attempt >= TRANSIENT_ATTEMPTS || !TRANSIENT_SQLSTATES.has((error as { code?: string }).code ?? '')) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
        }
      }
    } finally {
      this.leave();
    }
  }

  private async applyOnce(events: RecordedEvent[], checkpoints: AppliedCheckpoint[]): Promise<number> {
    const client = await this.pool.connect();
    try {
      // One round trip: a live page is a handful of statements, each waiting for the server.
      await client.query(`BEGIN; SET LOCAL search_path TO ${this.schema}, public${this.durablePages ? '' : '; SET LOCAL synchronous_commit = off'}`);
      let applied = 0;
      if (events.length > 0) {
        const { rows } = await client.query(
          // In event-id order: two transactions offered some of the same events (redelivery) wait
          // for each other on the first shared id instead of deadlocking on two.
          `INSERT INTO applied_events (event_id, position, recorded_at)
           SELECT r.event_id::uuid, r.position::bigint, r.recorded_at::timestamptz
           FROM ROWS FROM (jsonb_array_elements_text($1::jsonb), jsonb_array_elements_text($2::jsonb), jsonb_array_elements_text($3::jsonb))
             AS r(event_id, position, recorded_at)
           ORDER BY 1
           ON CONFLICT DO NOTHING RETURNING event_id`,
          // JSON arrays: node-postgres's array literals cost more than the insert for a big page.
          [
            JSON.stringify(events.map((e) => e.eventId)),
            JSON.stringify(events.map((e) => pgText(e.position))),
            JSON.stringify(events.map((e) => pgText(e.recordedAt))),
          ],
        );
        const fresh = new Set(rows.map((r) => r.event_id as string));
        const page: RecordedEvent[] = [];
        for (const event of events) {
          if (!fresh.has(event.eventId)) continue;
          fresh.delete(event.eventId); // a page may carry the same event twice (redelivery)
          page.push(event);
        }
        applied = page.length;
        if (page.length > 0) {
          // Models own disjoint tables, so model by model gives what event by event gives.
          for (const model of this.readModels) await model.handle(client, page);
        }
      }
      if (checkpoints.length > 0) {
        await client.query(
          `INSERT INTO checkpoints (source, value, updated_at)
           SELECT r.source, r.value, now() FROM ROWS FROM (jsonb_array_elements_text($1::jsonb), jsonb_array_elements_text($2::jsonb)) AS r(source, value)
           ON CONFLICT (source) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
          [JSON.stringify(checkpoints.map((c) => c.source)), JSON.stringify(checkpoints.map((c) => c.value))],
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
    const { rows } = await this.pool.query(`SELECT coalesce(max(position), 0)::text AS position FROM ${this.schema}.applied_events`);
    const { events, oldestRecordedAt: oldest } = await backlogAfter(this.pool, rows[0].position, CATEGORIES_NOT_PROJECTED);
    return { events, seconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 };
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
