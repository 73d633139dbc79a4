import type { Pool } from 'pg';
import type { EventStoreHooks } from './event-store';
import type { HeadCache } from './heads';
import type { Upcasters } from './upcasters';
import type { CommitWakeUps } from './wake-ups';

/** What the store's operations share: one per PostgresEventStore. */
export interface StoreContext {
  readonly pool: Pool;
  readonly clock: () => Date;
  readonly upcasters: Upcasters;
  readonly hooks: EventStoreHooks;
  readonly heads: HeadCache;
  readonly wakeUps: CommitWakeUps;
}

/** Seconds since `started` (process.hrtime.bigint()). */
export const elapsed = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;

export const UNIQUE_VIOLATION = '23505';
export const DEADLOCK_DETECTED = '40P01';

export const errorCode = (error: unknown): string | undefined => (error as { code?: string }).code;
