import type { IdempotencyKeyReused, WrongExpectedVersion } from './event-store.errors';
import type {
  AppendRequest,
  AppendResult,
  ImportedEvent,
  ReadAllPage,
  ReadStreamOptions,
  ReadStreamsOptions,
  RecordedEvent,
  StoredIdempotentResponse,
  VerifyResult,
} from './event-store.types';
import type { Checkpoint } from './safe-order';

/** Outcome of one append: the result, and whether it was answered from an earlier identical request. */
export interface AppendOutcome extends AppendResult {
  replayed: boolean;
}

/** One item of appendMany: the append, or why it did not happen. Items are independent. */
export type BatchAppendOutcome = { ok: true; result: AppendOutcome } | { ok: false; error: WrongExpectedVersion | IdempotencyKeyReused };

export interface EventStoreHooks {
  /** Called after each append (for metrics): events written, seconds taken, outcome. */
  onAppend?: (events: number, seconds: number, outcome: 'ok' | 'replayed' | 'conflict' | 'error') => void;
}

/**
 * The event store's operations, as the rest of the code depends on them (PostgresEventStore is the
 * implementation). An abstract class rather than an interface so that it can be a Nest injection token.
 */
export abstract class EventStore {
  /** Appends one request: the stream moves only from the expected version; conflicts throw WrongExpectedVersion. */
  abstract append(request: AppendRequest): Promise<AppendOutcome>;

  /**
   * Appends many independent requests in one transaction; a request that conflicts is reported and
   * skipped. `chained`: requests on one stream were decided each assuming the earlier ones land, so a
   * refusal also refuses the later ones on that stream that name a version.
   */
  abstract appendMany(requests: AppendRequest[], options?: { chained?: boolean }): Promise<BatchAppendOutcome[]>;

  /**
   * Appends to several streams all or nothing. `claimLookedUp`: the caller has just found no record
   * for the one idempotency claim among the requests, so the look-up is skipped.
   */
  abstract appendAtomic(requests: AppendRequest[], options?: { claimLookedUp?: boolean }): Promise<AppendOutcome[]>;

  /** The stored answer of an idempotency key, if any. */
  abstract findIdempotent(key: string): Promise<StoredIdempotentResponse | undefined>;

  /** The stored answers of many idempotency keys in one query (absent keys are absent from the map). */
  abstract findIdempotentMany(keys: string[]): Promise<Map<string, StoredIdempotentResponse>>;

  /** The version a stream stands at (0 when it does not exist). */
  abstract streamVersion(streamId: string): Promise<number>;

  abstract readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Whole streams (current schema) in one query, each in version order; with `types`, only events of those types. */
  abstract readStreams(streamIds: string[], options?: ReadStreamsOptions): Promise<Map<string, RecordedEvent[]>>;

  /** Events after the checkpoint in safe order (see safe-order.ts). */
  abstract readAll(after?: Checkpoint, limit?: number, options?: { upcast?: boolean }): Promise<ReadAllPage>;

  /** Number of events after the checkpoint in safe order, visible or still held back (a tailing reader's lag). */
  abstract countAfter(after: Checkpoint): Promise<number>;

  /** A stored event in the current shape of its type (what readers get from readStream and readAll). */
  abstract upcast(event: RecordedEvent): RecordedEvent;

  /** Subscribes to "something was committed" in this process; returns the unsubscribe. */
  abstract onCommitted(listener: () => void): () => void;

  /** Writes events exported from another store exactly as they were recorded, all or nothing. */
  abstract importRecorded(events: ImportedEvent[]): Promise<{ imported: number }>;

  /** Number of events and the newest recorded-at, for lag figures. */
  abstract headPosition(): Promise<{ position: string; recordedAt: string | null; count: string }>;

  /** Recomputes every link of every stream's hash chain (or one stream's). */
  abstract verify(streamId?: string, onProgress?: (checked: number) => void): Promise<VerifyResult>;
}
