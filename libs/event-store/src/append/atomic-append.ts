import type { AppendOutcome } from '../event-store';
import { IdempotencyKeyReused, WrongExpectedVersion } from '../event-store.errors';
import type { AppendRequest } from '../event-store.types';
import { NO_HEAD, readHeads } from '../heads';
import { findIdempotent } from '../idempotency';
import { elapsed, StoreContext } from '../store-context';
import { appendAt } from './single-append';

/**
 * Appends to several streams all or nothing (a consumption writes the consuming lot and the input
 * lot; a split writes the parent and the child). Any conflict rolls everything back and throws.
 * At most one request should carry the idempotency claim; if it was already answered, nothing
 * is written and the stored answer is returned as that request's outcome. `claimLookedUp`: the
 * caller has just found no record for the claim (a batch reads all its keys at once), so the
 * lookup is skipped; a twin that answers it meanwhile is still caught by the record's insert.
 */
export async function appendAtomic(ctx: StoreContext, requests: AppendRequest[], options: { claimLookedUp?: boolean } = {}): Promise<AppendOutcome[]> {
  const claimed = requests.find((r) => r.idempotency);
  if (claimed && !options.claimLookedUp) {
    const stored = await findIdempotent(ctx.pool, claimed.idempotency!.key);
    if (stored) {
      if (stored.requestHash !== claimed.idempotency!.requestHash) throw new IdempotencyKeyReused(claimed.idempotency!.key);
      return requests.map((r) => (r === claimed ? { ...stored.response, replayed: true } : { ...stored.response, streamId: r.streamId, replayed: true }));
    }
  }
  const client = await ctx.pool.connect();
  const started = process.hrtime.bigint();
  try {
    await client.query('BEGIN');
    const heads = await readHeads(client, [...new Set(requests.map((r) => r.streamId))]);
    const outcomes: AppendOutcome[] = [];
    for (const request of requests) {
      const head = heads.get(request.streamId) ?? NO_HEAD;
      const { outcome, headHash } = await appendAt(ctx, client, request, head);
      if (outcome.replayed) {
        // A concurrent twin with the same key won; this transaction is aborted: undo it all.
        await client.query('ROLLBACK');
        return requests.map((r) => ({ ...outcome, streamId: r === request ? outcome.streamId : r.streamId }));
      }
      heads.set(request.streamId, { version: outcome.streamVersion, hash: headHash });
      outcomes.push(outcome);
    }
    await client.query('COMMIT');
    ctx.heads.forget(heads.keys());
    ctx.wakeUps.signal();
    ctx.hooks.onAppend?.(
      outcomes.reduce((n, o) => n + o.eventIds.length, 0),
      elapsed(started),
      'ok',
    );
    return outcomes;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    ctx.hooks.onAppend?.(0, elapsed(started), error instanceof WrongExpectedVersion ? 'conflict' : 'error');
    throw error;
  } finally {
    client.release();
  }
}
