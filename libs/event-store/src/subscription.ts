import type { Pool, PoolClient } from 'pg';
import type { RecordedEvent } from './event-store.types';
import type { EventStore } from './event-store';
import { Checkpoint, decodeCheckpoint } from './safe-order';

export interface SubscriptionOptions {
  /** Where to start (exclusive); called once at start so a restarted reader resumes. */
  loadCheckpoint: () => Promise<Checkpoint>;
  /** Handles a page of events in safe order; the subscription moves on only after it resolves. */
  handle: (events: RecordedEvent[], next: Checkpoint) => Promise<void>;
  batchSize?: number;
  /** Longest wait between polls when nothing wakes the reader (rows held back by in-flight transactions). */
  idlePollMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Tails the store in safe order. LISTEN/NOTIFY wakes it as soon as a writer commits; a timed poll
 * catches rows that became readable because some other transaction ended.
 */
export class StoreSubscription {
  private running = false;
  private wake: (() => void) | undefined;
  private listener: PoolClient | undefined;
  private loop: Promise<void> | undefined;
  caughtUp = false;

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly options: SubscriptionOptions,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.listener = await this.pool.connect();
    this.listener.on('notification', () => this.wake?.());
    await this.listener.query('LISTEN lotstream_events');
    this.unsubscribeLocal = this.store.onCommitted(() => this.wake?.());
    const from = await this.options.loadCheckpoint();
    this.loop = this.run(from);
  }

  private unsubscribeLocal: (() => void) | undefined;

  async stop(): Promise<void> {
    this.unsubscribeLocal?.();
    this.running = false;
    this.wake?.();
    await this.loop;
    if (this.listener) {
      await this.listener.query('UNLISTEN *').catch(() => undefined);
      this.listener.release();
      this.listener = undefined;
    }
  }

  private async run(from: Checkpoint): Promise<void> {
    let checkpoint = from;
    const batchSize = this.options.batchSize ?? 500;
    const idle = this.options.idlePollMs ?? 200;
    while (this.running) {
      try {
        const page = await this.store.readAll(checkpoint, batchSize);
        if (page.events.length > 0) {
          const next = decodeCheckpoint(page.next)!;
          await this.options.handle(page.events, next);
          checkpoint = next;
          this.caughtUp = false;
          if (page.events.length === batchSize) continue;
        }
        this.caughtUp = page.events.length === 0;
        await this.sleepUntilWoken(page.events.length > 0 ? 5 : idle);
      } catch (error) {
        this.options.onError?.(error);
        await this.sleepUntilWoken(1000);
      }
    }
  }

  private sleepUntilWoken(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
