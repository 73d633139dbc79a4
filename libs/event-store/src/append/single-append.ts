import type { Pool, PoolClient } from 'pg';
import type { AppendOutcome } from '../event-store';
import { IdempotencyKeyReused, WrongExpectedVersion } from '../event-store.errors';
import { AppendRequest, streamCategoryOf } from '../event-store.types';
import { Head, readHead } from '../heads';
import { findIdempotent } from '../idempotency';
import { elapsed, errorCode, StoreContext, UNIQUE_VIOLATION } from '../store-context';
import { appendQuery } from './append-statements';
import { lastRowOf, matches, prepareAppend } from './prepare-append';

/** An append written, and the head hash it left (null when it was answered as a replay). */
export interface WrittenAppend {
  outcome: AppendOutcome;
  headHash: string | null;
}

/**
 * Writes one append on `db` (the pool, or a transaction's client) onto `head`, in one statement.
 * A head that does not stand at the expected version throws WrongExpectedVersion with the stored
 * version; a claim another request took meanwhile is answered from its record (a replay, with no
 * head hash: in a transaction the statement's failure aborted it) or refused.
 */
export async function appendAt(ctx: StoreContext, db: Pool | PoolClient, request: AppendRequest, head: Head): Promise<WrittenAppend> {
  const { streamId, expectedVersion } = request;
  if (!matches(expectedVersion, head.version)) throw new WrongExpectedVersion(streamId, expectedVersion, head.version);
  const prepared = prepareAppend(request, head, ctx.clock());
  const last = lastRowOf(prepared);
  const claim = request.idempotency;
  let rows: Array<{ position: string | null; appended: number }>;
  try {
    ({ rows } = await db.query(
      appendQuery({
        streamId,
        category: streamCategoryOf(streamId),
        fromVersion: head.version,
        toVersion: prepared.newVersion,
        headHash: last.hash,
        recordedAt: prepared.recordedAt,
        metadata: prepared.metadata,
        rows: prepared.rows,
        idempotency: claim,
      }),
    ));
  } catch (error) {
    const meaning = await meaningOf(ctx, error, request);
    if ('replay' in meaning) return { outcome: meaning.replay, headHash: null };
    throw meaning.error;
  }
  if (rows[0].appended === 0) {
    const actual = await readHead(ctx.pool, streamId);
    throw new WrongExpectedVersion(streamId, expectedVersion, actual.version);
  }
  return {
    outcome: { streamId, streamVersion: prepared.newVersion, eventIds: prepared.eventIds, position: rows[0].position!, replayed: false },
    headHash: last.hash,
  };
}

/**
 * What a failed append statement means: a unique violation on the idempotency key is a twin's
 * record (the same request: answered from it as a replay; another: the key is reused), one on the
 * stream's version or head a concurrent writer (a conflict with the version now stored).
 */
async function meaningOf(ctx: StoreContext, error: unknown, request: AppendRequest): Promise<{ replay: AppendOutcome } | { error: unknown }> {
  if (errorCode(error) !== UNIQUE_VIOLATION) return { error };
  const constraint = (error as { constraint?: string }).constraint;
  const claim = request.idempotency;
  if (constraint === 'idempotency_keys_pkey' && claim) {
    const stored = await findIdempotent(ctx.pool, claim.key);
    if (!stored || stored.requestHash !== claim.requestHash) return { error: new IdempotencyKeyReused(claim.key) };
    return { replay: { ...stored.response, replayed: true } };
  }
  if (constraint === 'events_stream_version_unique' || constraint === 'streams_pkey') {
    const actual = await readHead(ctx.pool, request.streamId);
    return { error: new WrongExpectedVersion(request.streamId, request.expectedVersion, actual.version) };
  }
  return { error };
}

/**
 * One append on its own statement on the pool, on the cached head if there is one. A conflict on
 * a cached head may only mean the cache is stale (another process wrote the stream): it looks
 * again, in the store; 'any' means "wherever it stands" and is retried on a fresh head.
 */
export async function appendAlone(ctx: StoreContext, request: AppendRequest): Promise<AppendOutcome> {
  const started = process.hrtime.bigint();
  for (let attempt = 0; ; attempt++) {
    // The head a reader just loaded saves a round trip; the conditional write still guards it.
    const cached = attempt === 0 ? ctx.heads.get(request.streamId) : undefined;
    const head = cached ?? (await readHead(ctx.pool, request.streamId));
    try {
      const { outcome, headHash } = await appendAt(ctx, ctx.pool, request, head);
      ctx.heads.remember(request.streamId, outcome.replayed ? undefined : { version: outcome.streamVersion, hash: headHash });
      ctx.wakeUps.signal();
      ctx.hooks.onAppend?.(outcome.replayed ? 0 : outcome.eventIds.length, elapsed(started), outcome.replayed ? 'replayed' : 'ok');
      return outcome;
    } catch (error) {
      ctx.heads.forget([request.streamId]);
      if (error instanceof WrongExpectedVersion && cached) continue;
      if (error instanceof WrongExpectedVersion && request.expectedVersion === 'any' && attempt < 20) continue;
      ctx.hooks.onAppend?.(0, elapsed(started), error instanceof WrongExpectedVersion ? 'conflict' : 'error');
      throw error;
    }
  }
}
