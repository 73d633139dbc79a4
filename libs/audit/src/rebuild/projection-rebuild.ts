import type { Pool, PoolClient } from 'pg';
import { decodeCheckpoint, PostgresEventStore, START } from '@lotstream/event-store';
import { ProjectionRunner, READ_MODEL_SCHEMA, ReadModel, STORE_FEED_SOURCE } from '@lotstream/messaging';

export type RebuildState = 'building' | 'catching-up' | 'swapping' | 'done' | 'failed';

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
const PAGE = 5000;

/**
 * Blue/green rebuild of every read model: replay the store into a fresh schema beside the live one
 * (queries keep answering from `rm`), and when caught up, with the live runner paused, catch up a
 * last time and swap the schemas by renaming them in one transaction. The new schema carries its own
 * `store` checkpoint and applied-event ids, so the live feed resumes on it without loss or double
 * application (a Kafka redelivery is deduplicated by those ids).
 */
export class ProjectionRebuild {
  private current: RebuildProgress | undefined;
  private running: Promise<RebuildProgress> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly store: PostgresEventStore,
    private readonly readModels: ReadModel[],
    /** The runner that feeds `rm` in this process, paused during the swap; none in the CLI. */
    private readonly liveRunner: () => ProjectionRunner | undefined,
    private readonly clock: () => Date = () => new Date(),
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
      let cursor = await this.replay(runner, START, report);
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
      await this.pool.query(`DROP SCHEMA IF EXISTS ${progress.schema} CASCADE`).catch(() => undefined);
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

  /** Applies pages in safe order from `after` until the store has nothing more; returns the cursor. */
  private async replay(runner: ProjectionRunner, after: typeof START, report: () => void): Promise<typeof START> {
    let cursor = after;
    for (;;) {
      const page = await this.store.readAll(cursor, PAGE);
      if (page.events.length === 0) return cursor;
      await runner.apply(page.events, { source: STORE_FEED_SOURCE, value: page.next });
      cursor = decodeCheckpoint(page.next)!;
      this.current!.eventsApplied += page.events.length;
      report();
      if (page.events.length < PAGE) return cursor;
    }
  }

  /**
   * Renames in one transaction: readers see either the old tables or the new ones, never none. The
   * old schema is dropped afterwards, outside it, so readers still on the old tables finish first
   * (dropping inside would hold locks a multi-table reader could deadlock against).
   */
  private async swapSchemas(rebuilt: string, retired: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
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
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Schemas left by a rebuild that crashed (only ever dropped under the rebuild lock). */
  private async dropLeftovers(): Promise<void> {
    const { rows } = await this.pool.query(
      `SELECT nspname FROM pg_namespace WHERE nspname ~ '^rm_(rebuild|old)_[0-9]+$'`,
    );
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
