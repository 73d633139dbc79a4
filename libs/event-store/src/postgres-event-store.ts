import type { Pool, PoolClient } from 'pg';
import { AppendQueue } from './append/append-grouping';
import { appendMany } from './append/append-many';
import { appendAtomic } from './append/atomic-append';
import { verifyChains } from './chain-verifier';
import { AppendOutcome, BatchAppendOutcome, EventStore, EventStoreHooks } from './event-store';
import type {
  AppendRequest,
  ImportedEvent,
  ReadAllPage,
  ReadStreamOptions,
  ReadStreamsOptions,
  RecordedEvent,
  StoredIdempotentResponse,
  VerifyResult,
} from './event-store.types';
import { HeadCache, readHead } from './heads';
import { findIdempotent, findIdempotentMany } from './idempotency';
import { importRecorded } from './import';
import { countAfter, headPosition, readAll, readStream, readStreams } from './reads';
import { Checkpoint, START } from './safe-order';
import type { StoreContext } from './store-context';
import { Upcasters } from './upcasters';
import { CommitWakeUps } from './wake-ups';

export type { AppendOutcome, BatchAppendOutcome, EventStoreHooks } from './event-store';

/**
 * The event store on PostgreSQL: a thin facade over the store's operations, one file each —
 * append statements (append/append-statements.ts), the single append (append/single-append.ts), the
 * write queue that groups concurrent appends (append/append-grouping.ts), batches
 * (append/append-many.ts), all-or-nothing appends (append/atomic-append.ts), reads (reads.ts),
 * import (import.ts), idempotency look-ups (idempotency.ts) and chain verification
 * (chain-verifier.ts). They share one StoreContext: the pool, the clock, the upcasters, the metrics
 * hooks, the head cache and the commit wake-ups.
 *
 * One append is one SQL statement (an implicit transaction; appends waiting for a write share one):
 * the stream head moves only if it still stands where the writer expects, and the events, the head
 * and the idempotency record are written together or not at all.
 */
export class PostgresEventStore extends EventStore {
  private readonly ctx: StoreContext;
  private readonly queue: AppendQueue;

  constructor(pool: Pool, clock: () => Date = () => new Date(), upcasters: Upcasters = new Upcasters(), hooks: EventStoreHooks = {}) {
    super();
    this.ctx = { pool, clock, upcasters, hooks, heads: new HeadCache(), wakeUps: new CommitWakeUps(pool) };
    this.queue = new AppendQueue(this.ctx);
  }

  append(request: AppendRequest): Promise<AppendOutcome> {
    return this.queue.append(request);
  }

  appendMany(requests: AppendRequest[], options: { chained?: boolean } = {}): Promise<BatchAppendOutcome[]> {
    return appendMany(this.ctx, requests, options.chained ?? false);
  }

  appendAtomic(requests: AppendRequest[], options: { claimLookedUp?: boolean } = {}): Promise<AppendOutcome[]> {
    return appendAtomic(this.ctx, requests, options);
  }

  findIdempotent(key: string, db: Pool | PoolClient = this.ctx.pool): Promise<StoredIdempotentResponse | undefined> {
    return findIdempotent(db, key);
  }

  findIdempotentMany(keys: string[], db: Pool | PoolClient = this.ctx.pool): Promise<Map<string, StoredIdempotentResponse>> {
    return findIdempotentMany(db, keys);
  }

  async streamVersion(streamId: string): Promise<number> {
    return (await readHead(this.ctx.pool, streamId)).version;
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return readStream(this.ctx, streamId, options);
  }

  readStreams(streamIds: string[], options: ReadStreamsOptions = {}): Promise<Map<string, RecordedEvent[]>> {
    return readStreams(this.ctx, streamIds, options);
  }

  readAll(after: Checkpoint = START, limit = 1000, options: { upcast?: boolean } = {}): Promise<ReadAllPage> {
    return readAll(this.ctx, after, limit, options);
  }

  countAfter(after: Checkpoint): Promise<number> {
    return countAfter(this.ctx.pool, after);
  }

  upcast(event: RecordedEvent): RecordedEvent {
    return this.ctx.upcasters.upcast(event);
  }

  onCommitted(listener: () => void): () => void {
    return this.ctx.wakeUps.onCommitted(listener);
  }

  importRecorded(events: ImportedEvent[]): Promise<{ imported: number }> {
    return importRecorded(this.ctx, events);
  }

  headPosition(): Promise<{ position: string; recordedAt: string | null; count: string }> {
    return headPosition(this.ctx.pool);
  }

  verify(streamId?: string, onProgress?: (checked: number) => void): Promise<VerifyResult> {
    return verifyChains(this.ctx.pool, streamId, onProgress);
  }
}
