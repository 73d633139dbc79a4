import type { Pool, PoolClient } from 'pg';
import { Checkpoint, decodeCheckpoint, encodeCheckpoint, EventStore, RecordedEvent, START, withTransaction } from '@lotstream/event-store';
import { STORE_FEED_SOURCE } from '../../in-process-feed';
import { ProjectionRunner, READ_MODEL_SCHEMA } from '../projection-runner';
import type { ReadModel } from '../read-model';

/**
 * building: the first pass over the store; indexing: the fresh tables get their secondary indexes
 * and statistics; catching-up: events recorded meanwhile; swapping: the final catch-up and swap.
 */
export type RebuildState = 'building' | 'indexing' | 'catching-up' | 'swapping' | 'done' | 'failed';

export interface RebuildProgress {
  rebuildId: string;
  schema: string;
  state: RebuildState;
  eventsApplied: number;
  /** Events in the store when the rebuild started (the target of the first pass). */
  eventsAtStart: number;
  eventsPerSecond: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
}

export class RebuildAlreadyRunning extends Error {
  constructor() {
    super('a rebuild of the read models is already running');
  }
}

const REBUILD_LOCK = 7411302;
/** Events per page: few, large statements per table. */
const PAGE = 5000;
/**
 * Transactions writing the first pass at once: PostgreSQL does most of a rebuild's work, and two
 * backends use two cores (more only queue behind each other on a small machine, and take
 * connections from the pool that serves queries).
 */
const WRITERS = 2;
/** Pages read before the oldest one is written by every lane: bounds memory to a few pages. */
const READ_AHEAD = 3;

const APPLIED_IDS = `INSERT INTO applied_events (event_id, position, recorded_at)
  SELECT r.event_id::uuid, r.position::bigint, r.recorded_at::timestamptz
  FROM ROWS FROM (jsonb_array_elements_text($1::jsonb), jsonb_array_elements_text($2::jsonb), jsonb_array_elements_text($3::jsonb))
    AS r(event_id, position, recorded_at)`;

/**
 * Blue/green rebuild of every read model: replay the store into a fresh schema beside the live one
 * (queries keep answering from `rm`), and when caught up, with the live runner paused, catch up a
 * last time and swap the schemas by renaming them in one transaction. The new schema carries its own
 * `store` checkpoint and applied-event ids, so the live feed resumes on it without loss or double
 * application (a Kafka redelivery is deduplicated by those ids).
 *
 * The first pass is a bulk load, not a feed: nobody else writes the fresh schema and safe order
 * hands each event over exactly once, so it skips what only a feed needs. Its tables have no
 * secondary indexes yet (built once at the end, by sorting, instead of maintained row by row);
 * applied-event ids are inserted without the dedupe lookup, and their primary key is built at the
 * end too. Each read model (and the applied ids) is a lane that writes the pages in the store's
 * order in its own transactions, two lanes at a time, while the next pages are read: models own
 * disjoint tables, so per-table order is all that "first row per key wins" needs, and the rows are
 * written by the models' own handle() — the tables are the ones the live runner gives. Catch-up
 * and swap then go through the ProjectionRunner with its dedupe, as a live feed does.
 */
export class ProjectionRebuild {
  private current: RebuildProgress | undefined;
  private running: Promise<RebuildProgress> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly readModels: ReadModel[],
    /** The runner that feeds `rm` in this process, paused during the swap; none in the CLI. */
    private readonly liveRunner: () => ProjectionRunner | undefined,
    private readonly clock: () => Date = () => new Date(),
    private readonly options: { pageSize?: number; writers?: number } = {},
  ) {}

  get progress(): RebuildProgress | undefined {
    if (!this.current) return undefined;
    return { ...this.current, eventsPerSecond: this.rate() };
  }

  /** Starts a rebuild in the background; throws RebuildAlreadyRunning when one is in progress. */
  async start(): Promise<RebuildProgress> {
    const lock = await this.acquireLock();
    this.running = this.run(lock).finally(() => {
      this.running = undefined;
    });
    this.running.catch(() => undefined);
    return this.progress!;
  }

  /** Runs a rebuild to its end (the CLI), reporting progress after each page. */
  async runToEnd(onProgress?: (progress: RebuildProgress) => void): Promise<RebuildProgress> {
    const lock = await this.acquireLock();
    return this.run(lock, onProgress);
  }

  /** Resolves when the rebuild started by start() has ended (tests, shutdown). */
  async settled(): Promise<RebuildProgress | undefined> {
    await this.running?.catch(() => undefined);
    return this.progress;
  }

  private async acquireLock(): Promise<PoolClient> {
    if (this.running) throw new RebuildAlreadyRunning();
    const lock = await this.pool.connect();
    const { rows } = await lock.query('SELECT pg_try_advisory_lock($1) AS locked', [REBUILD_LOCK]);
    if (!rows[0].locked) {
      lock.release();
      throw new RebuildAlreadyRunning();
    }
    const startedAt = this.clock();
    const id = String(startedAt.getTime());
    const { count } = await this.store.headPosition();
    this.current = {
      rebuildId: id,
      schema: `rm_rebuild_${id}`,
      state: 'building',
      eventsApplied: 0,
      eventsAtStart: Number(count),
      eventsPerSecond: 0,
      startedAt: startedAt.toISOString(),
    };
    return lock;
  }

  private async run(lock: PoolClient, onProgress?: (progress: RebuildProgress) => void): Promise<RebuildProgress> {
    const progress = this.current!;
    const report = (): void => onProgress?.(this.progress!);
    const live = this.liveRunner();
    try {
      await this.dropLeftovers();
      const runner = new ProjectionRunner(this.pool, this.readModels, progress.schema, false);
      await runner.ensureSchema();
      const indexes = await this.deferIndexes(progress.schema);
      let cursor = await this.build(progress.schema, report);
      progress.state = 'indexing';
      report();
      await this.completeBuild(progress.schema, cursor, indexes);
      progress.state = 'catching-up';
      report();
      const swap = async (): Promise<void> => {
        cursor = await this.replay(runner, cursor, report);
        progress.state = 'swapping';
        report();
        await this.swapSchemas(progress.schema, `rm_old_${progress.rebuildId}`);
      };
      if (live) await live.exclusive(swap);
      else await swap();
      await this.pool.query(`DROP SCHEMA IF EXISTS rm_old_${progress.rebuildId} CASCADE`);
      if (!live) {
        // No runner of this process could be paused (CLI, or a projector running elsewhere): whatever
        // another process applied to the old schema during the swap is applied again here; event-id
        // dedupe makes overlap harmless.
        await this.replay(new ProjectionRunner(this.pool, this.readModels, READ_MODEL_SCHEMA), cursor, report);
      }
      progress.state = 'done';
    } catch (error) {
      progress.state = 'failed';
      progress.error = (error as Error).message;
      // Pages of other read models may still be writing into the fresh schema when one fails: the
      // drop can lose a deadlock against them, so it is tried again until it goes through.
      for (let attempt = 1; attempt <= 5; attempt++) {
        const dropped = await this.pool.query(`DROP SCHEMA IF EXISTS ${progress.schema} CASCADE`).then(
          () => true,
          () => false,
        );
        if (dropped) break;
      }
    } finally {
      progress.finishedAt = this.clock().toISOString();
      progress.eventsPerSecond = this.rate();
      await lock.query('SELECT pg_advisory_unlock($1)', [REBUILD_LOCK]).catch(() => undefined);
      lock.release();
      report();
    }
    if (progress.state === 'failed') throw new Error(`rebuild ${progress.rebuildId} failed: ${progress.error}`);
    return this.progress!;
  }

  /**
   * The first pass: every event of the store, in safe order from the start, written to the fresh
   * schema lane by lane (see the class comment). Only the end of the pass is a consistent state;
   * a failure fails the rebuild, whose schema is then dropped.
   */
  private async build(schema: string, report: () => void): Promise<Checkpoint> {
    const size = this.options.pageSize ?? PAGE;
    const writers = new Slots(this.options.writers ?? WRITERS);
    const lanes: Array<(tx: PoolClient, events: RecordedEvent[]) => Promise<void>> = [
      ...this.readModels.map((model) => (tx: PoolClient, events: RecordedEvent[]) => model.handle(tx, events)),
      writeAppliedIds,
    ];
    const tails = lanes.map(() => Promise.resolve());
    const unwritten: Promise<void>[] = [];
    let cursor = START;
    try {
      for (;;) {
        const page = await this.store.readAll(cursor, size);
        if (page.events.length === 0) break;
        cursor = decodeCheckpoint(page.next)!;
        const events = page.events;
        const writes = lanes.map((lane, k) => (tails[k] = tails[k].then(() => writers.run(() => this.writeFresh(schema, lane, events)))));
        const written = Promise.all(writes).then(() => {
          this.current!.eventsApplied += events.length;
          report();
        });
        written.catch(() => undefined); // awaited below; must not count as unhandled meanwhile
        unwritten.push(written);
        while (unwritten.length >= READ_AHEAD) await unwritten.shift();
        if (events.length < size) break;
      }
      await Promise.all(unwritten);
    } finally {
      // On a failure, let the lanes still writing finish before the schema is dropped.
      await Promise.allSettled(unwritten);
    }
    return cursor;
  }

  /**
   * One lane's write of a page, in a transaction of its own: no dedupe (every event comes once), no
   * checkpoint (stored at the end), no wait for the WAL flush (a crashed rebuild is discarded, and
   * the swap's synchronous commit flushes everything before it).
   */
  private async writeFresh(schema: string, lane: (tx: PoolClient, events: RecordedEvent[]) => Promise<void>, events: RecordedEvent[]): Promise<void> {
    await withTransaction(this.pool, async (tx) => {
      await tx.query(`SET LOCAL search_path TO ${schema}, public; SET LOCAL synchronous_commit = off`);
      await lane(tx, events);
    });
  }

  /**
   * Drops, while the fresh tables are empty, the indexes the first pass does without, and returns
   * the statements that restore them exactly as the DDL made them. Read-model tables keep their
   * primary keys and unique indexes (every insert's ON CONFLICT relies on them) and lose the rest;
   * applied_events loses its primary key too (built at the end, it also proves no event came twice).
   */
  private async deferIndexes(schema: string): Promise<Array<{ table: string; restore: string }>> {
    const { rows } = await this.pool.query(
      `SELECT format('DROP INDEX %I.%I', n.nspname, ic.relname) AS drop, pg_get_indexdef(i.indexrelid) AS restore,
              t.relname AS table, ic.relname AS name
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = ic.relnamespace
       WHERE n.nspname = $1 AND NOT i.indisunique AND NOT i.indisexclusion
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
       UNION ALL
       SELECT format('ALTER TABLE %I.%I DROP CONSTRAINT %I', n.nspname, t.relname, c.conname),
              format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, t.relname, c.conname, pg_get_constraintdef(c.oid)),
              t.relname, c.conname
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = $1 AND t.relname = 'applied_events' AND c.contype IN ('p', 'u')
       ORDER BY name`,
      [schema],
    );
    for (const row of rows) await this.pool.query(row.drop);
    return rows.map((row) => ({ table: row.table as string, restore: row.restore as string }));
  }

  /**
   * After the first pass: the store checkpoint the live feed will resume from, the deferred indexes,
   * and every table's statistics (queries after the swap must not be planned on the estimates of
   * empty tables). A job per table — its indexes, then VACUUM (ANALYZE) — two at a time, largest first; each
   * statement is a short transaction of its own, as one left open holds back every safe-order
   * reader of the server (the live feed included) until it ends.
   */
  private async completeBuild(schema: string, cursor: Checkpoint, deferred: Array<{ table: string; restore: string }>): Promise<void> {
    await this.pool.query(`INSERT INTO ${schema}.checkpoints (source, value, updated_at) VALUES ($1, $2, now())`, [
      STORE_FEED_SOURCE,
      encodeCheckpoint(cursor),
    ]);
    const { rows: tables } = await this.pool.query(
      `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY pg_table_size(c.oid) DESC, c.relname`,
      [schema],
    );
    const writers = new Slots(this.options.writers ?? WRITERS);
    await Promise.all(
      tables.map(({ table }) =>
        writers.run(async () => {
          for (const { restore } of deferred.filter((d) => d.table === table)) {
            await withTransaction(this.pool, async (tx) => {
              // Enough to sort a large table's keys in memory rather than in temporary files.
              await tx.query(`SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL synchronous_commit = off`);
              await tx.query(restore);
            });
          }
          // VACUUM as well as ANALYZE: it marks the freshly written pages all-visible, without which
          // no query can answer from an index alone (capability reads a covering index) until
          // autovacuum comes by — and a server may run with autovacuum off.
          await this.pool.query(`VACUUM (ANALYZE) ${schema}.${table}`);
        }),
      ),
    );
  }

  /** Applies pages in safe order from `after` until the store has nothing more; returns the cursor. */
  private async replay(runner: ProjectionRunner, after: typeof START, report: () => void): Promise<typeof START> {
    const size = this.options.pageSize ?? PAGE;
    let cursor = after;
    for (;;) {
      const page = await this.store.readAll(cursor, size);
      if (page.events.length === 0) return cursor;
      await runner.apply(page.events, { source: STORE_FEED_SOURCE, value: page.next });
      cursor = decodeCheckpoint(page.next)!;
      this.current!.eventsApplied += page.events.length;
      report();
      if (page.events.length < size) return cursor;
    }
  }

  /**
   * Renames in one transaction: readers see either the old tables or the new ones, never none. The
   * old schema is dropped afterwards, outside it, so readers still on the old tables finish first
   * (dropping inside would hold locks a multi-table reader could deadlock against).
   */
  private async swapSchemas(rebuilt: string, retired: string): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      const { rows } = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [READ_MODEL_SCHEMA]);
      if (rows.length > 0) {
        // Kafka feeds resume from their own offsets: carry them over; the store cursor is the rebuild's.
        await client.query(
          `INSERT INTO ${rebuilt}.checkpoints (source, value, updated_at)
           SELECT source, value, updated_at FROM ${READ_MODEL_SCHEMA}.checkpoints WHERE source <> $1
           ON CONFLICT (source) DO NOTHING`,
          [STORE_FEED_SOURCE],
        );
        await client.query(`ALTER SCHEMA ${READ_MODEL_SCHEMA} RENAME TO ${retired}`);
      }
      await client.query(`ALTER SCHEMA ${rebuilt} RENAME TO ${READ_MODEL_SCHEMA}`);
    });
  }

  /** Schemas left by a rebuild that crashed (only ever dropped under the rebuild lock). */
  private async dropLeftovers(): Promise<void> {
    const { rows } = await this.pool.query(`SELECT nspname FROM pg_namespace WHERE nspname ~ '^rm_(rebuild|old)_[0-9]+$'`);
    for (const row of rows) await this.pool.query(`DROP SCHEMA IF EXISTS ${row.nspname} CASCADE`);
  }

  private rate(): number {
    const progress = this.current;
    if (!progress) return 0;
    const end = progress.finishedAt ? new Date(progress.finishedAt).getTime() : this.clock().getTime();
    const seconds = Math.max(0.001, (end - new Date(progress.startedAt).getTime()) / 1000);
    return Math.round(progress.eventsApplied / seconds);
  }
}

/** The applied-event ids of a page, for the live feed's dedupe after the swap. */
async function writeAppliedIds(tx: PoolClient, events: RecordedEvent[]): Promise<void> {
  await tx.query(APPLIED_IDS, [
    // JSON arrays, as ProjectionRunner sends them (the values are strings already).
    JSON.stringify(events.map((e) => e.eventId)),
    JSON.stringify(events.map((e) => e.position)),
    JSON.stringify(events.map((e) => e.recordedAt)),
  ]);
}

/** At most `size` tasks at once, the others started in the order they asked. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = Math.max(1, size);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
