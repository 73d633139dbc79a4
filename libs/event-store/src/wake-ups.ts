import type { Pool } from 'pg';

/**
 * Wakes subscribers after a commit: listeners in this process at once, other processes through one
 * NOTIFY at most every few milliseconds, sent outside the append's transaction (a NOTIFY inside
 * it would serialise every commit on the notification queue lock).
 */
export class CommitWakeUps {
  private readonly listeners = new Set<() => void>();
  private notifyScheduled = false;

  constructor(private readonly pool: Pool) {}

  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  signal(): void {
    for (const listener of this.listeners) listener();
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    setTimeout(() => {
      this.notifyScheduled = false;
      if ((this.pool as { ending?: boolean }).ending) return;
      this.pool.query(`NOTIFY lotstream_events`).catch(() => undefined);
    }, 5).unref();
  }
}
