import type { AppendOutcome, BatchAppendOutcome } from '../event-store';
import type { AppendRequest } from '../event-store.types';
import { elapsed, StoreContext } from '../store-context';
import { appendGroup } from './append-many';
import { appendAlone } from './single-append';

/**
 * Writes of single appends in flight at once in one store: enough to keep both PostgreSQL and
 * Node busy, few enough that concurrent appends find a write to join.
 */
const APPEND_WRITERS = 4;

interface WaitingAppend {
  request: AppendRequest;
  resolve: (outcome: AppendOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * The write queue of single appends. A lone append is one statement. Appends of this process that
 * arrive while APPEND_WRITERS writes are in flight wait, and the next write takes all of them at once
 * as one group (appendGroup: one statement, or one transaction, and one commit), each request still
 * landing, conflicting or replaying on its own exactly as it would alone (a fault in the group
 * writes them one by one). Under concurrency that spends far less per event than a statement and a
 * commit each.
 */
export class AppendQueue {
  private readonly waiting: WaitingAppend[] = [];
  /** Writes of appends in flight. */
  private writing = 0;

  constructor(private readonly ctx: StoreContext) {}

  append(request: AppendRequest): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.startWrites();
    });
  }

  private startWrites(): void {
    while (this.writing < APPEND_WRITERS && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.waiting.length);
      this.writing++;
      void this.writeGroup(group).finally(() => {
        this.writing--;
        this.startWrites();
      });
    }
  }

  private async writeGroup(group: WaitingAppend[]): Promise<void> {
    const alone = (item: WaitingAppend) => appendAlone(this.ctx, item.request).then(item.resolve, item.reject);
    if (group.length === 1) return alone(group[0]);
    const started = process.hrtime.bigint();
    let outcomes: BatchAppendOutcome[];
    try {
      outcomes = await appendGroup(
        this.ctx,
        group.map((item) => item.request),
        true,
      );
    } catch {
      // One request's fault (a value the server refuses, say) is its own: each goes alone.
      await Promise.all(group.map(alone));
      return;
    }
    const seconds = elapsed(started);
    outcomes.forEach((outcome, i) => {
      if (outcome.ok) {
        this.ctx.hooks.onAppend?.(outcome.result.replayed ? 0 : outcome.result.eventIds.length, seconds, outcome.result.replayed ? 'replayed' : 'ok');
        group[i].resolve(outcome.result);
      } else {
        this.ctx.hooks.onAppend?.(0, seconds, 'conflict');
        group[i].reject(outcome.error);
      }
    });
  }
}
