import type { Pool } from 'pg';
import { EventStore, START, StoreSubscription, decodeCheckpoint, encodeCheckpoint } from '@lotstream/event-store';
import type { ProjectionRunner } from './projection/projection-runner';

export const STORE_FEED_SOURCE = 'store';

/** Events per page (and runner transaction) while the in-process feed catches up. */
export const IN_PROCESS_PAGE = 2000;

/**
 * Without Kafka, the projector is fed straight from the store in safe order: the same runner, the
 * same exactly-once transaction, only the transport differs. How a single-machine site runs.
 */
export class InProcessFeed {
  private subscription: StoreSubscription | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly runner: ProjectionRunner,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    this.subscription = new StoreSubscription(this.store, this.pool, {
      loadCheckpoint: async () => decodeCheckpoint(await this.runner.checkpoint(STORE_FEED_SOURCE)) ?? START,
      handle: async (events, next) => {
        await this.runner.apply(events, { source: STORE_FEED_SOURCE, value: encodeCheckpoint(next) });
      },
      onError: this.onError,
      // A page is still applied as soon as it is read (a live tail reads a few events at a time);
      // catching up, bigger pages mean fewer transactions: read models write a page per statement.
      batchSize: IN_PROCESS_PAGE,
    });
    await this.subscription.start();
  }

  get caughtUp(): boolean {
    return this.subscription?.caughtUp ?? false;
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }
}
