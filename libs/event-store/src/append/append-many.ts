import type { AppendOutcome, BatchAppendOutcome } from '../event-store';
import { IdempotencyKeyReused, WrongExpectedVersion } from '../event-store.errors';
import { AppendRequest, StoredIdempotentResponse, streamCategoryOf } from '../event-store.types';
import { Head, lockHeads, NO_HEAD, readHeads } from '../heads';
import { storedResponsesOf } from '../idempotency';
import { DEADLOCK_DETECTED, elapsed, errorCode, StoreContext, UNIQUE_VIOLATION } from '../store-context';
import { AppendGroupParameters, appendGroupQuery, HEADS_MOVED } from './append-statements';
import { lastRowOf, matches, PreparedAppend, prepareAppend, stripReplayed } from './prepare-append';
import { appendAt } from './single-append';

/**
 * Appends many independent requests in one transaction (one commit for the lot). A request that
 * conflicts is reported and skipped; the others still land. Requests on the same stream see the
 * heads written by earlier requests of the batch. `chained`: the caller decided each request on a stream
 * assuming the earlier ones on it land (a batch of commands), so once one is refused, a later one on
 * that stream with a numbered expected version is refused too — its number counted the refused one
 * in, and another writer's events may have filled that number since (same version, other history).
 */
export async function appendMany(ctx: StoreContext, requests: AppendRequest[], chained = false): Promise<BatchAppendOutcome[]> {
  if (requests.length === 0) return [];
  const started = process.hrtime.bigint();
  const outcomes = await appendGroup(ctx, requests, false, chained);
  const appended = outcomes.reduce((n, o) => n + (o.ok && !o.result.replayed ? o.result.eventIds.length : 0), 0);
  ctx.hooks.onAppend?.(appended, elapsed(started), 'ok');
  return outcomes;
}

/**
 * Set-based: the same few statements whatever the size of the batch. A concurrent write the head
 * locks cannot keep out (a twin's idempotency key or event id, a stream created meanwhile, a
 * deadlock with an atomic append) sends the batch round again, item by item with savepoints.
 * `onKnownHeads` (appends grouped by append: a few items, mostly on streams this store just
 * wrote) first tries the one statement on the heads it knows.
 */
export async function appendGroup(ctx: StoreContext, requests: AppendRequest[], onKnownHeads: boolean, chained = false): Promise<BatchAppendOutcome[]> {
  const outcomes =
    (onKnownHeads ? await appendManyOnKnownHeads(ctx, requests) : undefined) ??
    (await appendManyAtOnce(ctx, requests, chained)) ??
    (await appendManyItemByItem(ctx, requests, chained));
  ctx.wakeUps.signal();
  return outcomes;
}

/**
 * appendMany in one statement, planned on the heads this store last saw (read, unlocked, where it
 * saw none): no transaction to open, no locks to take, no commit to send. Undefined — nothing
 * written — when the plan cannot stand: an item it would refuse (its refusal is decided again on
 * locked heads), a head that moved meanwhile (the statement aborts itself), a stored idempotency
 * key or event id (unique violation). The caller then goes the locked way.
 */
async function appendManyOnKnownHeads(ctx: StoreContext, requests: AppendRequest[]): Promise<BatchAppendOutcome[] | undefined> {
  const streamIds = [...new Set(requests.map((r) => r.streamId))];
  const known = new Map<string, Head>();
  for (const streamId of streamIds) {
    const head = ctx.heads.get(streamId);
    if (head) known.set(streamId, head);
  }
  const unseen = streamIds.filter((id) => !known.has(id));
  if (unseen.length > 0) for (const [streamId, head] of await readHeads(ctx.pool, unseen)) known.set(streamId, head);
  const batch = planBatch(ctx, requests, known, new Map());
  if (batch.items.length === 0 || batch.outcomes.some((outcome) => outcome && !outcome.ok)) return undefined;
  let rows: Array<{ item: number; position: string }>;
  try {
    ({ rows } = await ctx.pool.query(appendGroupQuery('unlocked', batch.parameters)));
  } catch (error) {
    const code = errorCode(error);
    if (code === HEADS_MOVED || code === UNIQUE_VIOLATION || code === DEADLOCK_DETECTED) {
      ctx.heads.forget(streamIds);
      return undefined;
    }
    throw error;
  }
  for (const [streamId, head] of batch.heads) ctx.heads.remember(streamId, head);
  return completeBatch(batch, rows);
}

/**
 * appendMany in five statements: lock the heads of the batch's streams, read the idempotency
 * records, decide every item in memory (versions, hash chains), then write all heads, events and
 * idempotency records in one statement, and commit. Undefined when a concurrent write got in the
 * way (nothing was written; the caller goes item by item).
 */
async function appendManyAtOnce(ctx: StoreContext, requests: AppendRequest[], chained: boolean): Promise<BatchAppendOutcome[] | undefined> {
  const client = await ctx.pool.connect();
  const streamIds = [...new Set(requests.map((r) => r.streamId))];
  let committedHeads: Map<string, Head> | undefined;
  try {
    await client.query('BEGIN');
    const locked = await lockHeads(client, streamIds);
    // Read after the locks, in a statement of its own (a fresh snapshot): a twin batch the locks made
    // us wait for has committed its records by now, and its items are answered as replays here
    // rather than refused as stale versions.
    const stored = await storedResponsesOf(client, requests);
    const batch = planBatch(ctx, requests, locked, stored, chained);
    if (batch.items.length > 0) {
      const { rows } = await client.query(appendGroupQuery('locked', batch.parameters));
      // No rows: a stream this batch creates was created meanwhile (its head insert did not land).
      if (rows.length !== batch.items.length) {
        await client.query('ROLLBACK');
        return undefined;
      }
      completeBatch(batch, rows);
    }
    await client.query('COMMIT');
    committedHeads = batch.heads;
    return batch.outcomes as BatchAppendOutcome[];
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const code = errorCode(error);
    if (code === UNIQUE_VIOLATION || code === DEADLOCK_DETECTED) return undefined;
    throw error;
  } finally {
    ctx.heads.forget(streamIds);
    // What was just committed is the best hint there is for the next single append to these streams.
    for (const [streamId, head] of committedHeads ?? []) ctx.heads.remember(streamId, head);
    client.release();
  }
}

/** A batch decided in memory: what each item comes to, and the one write of the items that land. */
interface PlannedBatch {
  /** Per request: decided already (a replay, a refusal), or undefined until the write answers it. */
  outcomes: Array<BatchAppendOutcome | undefined>;
  /** The requests to write, with their index among the requests. */
  items: Array<{ index: number; prepared: PreparedAppend }>;
  /** [index, first]: a twin of an earlier item of the batch (same key, same request), answered as its replay. */
  sameAs: Array<[number, number]>;
  /** Where each stream's head stands once the items are written. */
  heads: Map<string, Head>;
  parameters: AppendGroupParameters;
}

/**
 * Decides a batch against the heads given, in order, as appendMany's items would be one after the
 * other: replays and reused keys answered from the stored records (or from an earlier item with the
 * same key), conflicts reported, the rest prepared on the heads earlier items leave, and the
 * parameters of the group write for them.
 */
function planBatch(
  ctx: StoreContext,
  requests: AppendRequest[],
  locked: Map<string, Head>,
  stored: Map<string, StoredIdempotentResponse>,
  chained = false,
): PlannedBatch {
  const outcomes: Array<BatchAppendOutcome | undefined> = new Array(requests.length);
  const items: PlannedBatch['items'] = [];
  const sameAs: PlannedBatch['sameAs'] = [];
  const claimed = new Map<string, { requestHash: string; index: number }>();
  const heads = new Map<string, Head>();
  // The head's updated-at is the recorded-at of the last item that moved it (as a single append writes it).
  const updatedAt = new Map<string, Date>();
  const refusedOn = new Set<string>();
  for (const [index, request] of requests.entries()) {
    const claim = request.idempotency;
    if (claim) {
      const earlier = stored.get(claim.key);
      const sibling = earlier ? undefined : claimed.get(claim.key);
      if (earlier || sibling) {
        const sameRequest = (earlier?.requestHash ?? sibling!.requestHash) === claim.requestHash;
        if (!sameRequest) {
          outcomes[index] = { ok: false, error: new IdempotencyKeyReused(claim.key) };
          refusedOn.add(request.streamId);
        } else if (earlier) outcomes[index] = { ok: true, result: { ...earlier.response, replayed: true } };
        else sameAs.push([index, sibling!.index]);
        continue;
      }
    }
    const head = heads.get(request.streamId) ?? locked.get(request.streamId) ?? NO_HEAD;
    if (!matches(request.expectedVersion, head.version) || (chained && countedRefused(refusedOn, request))) {
      outcomes[index] = { ok: false, error: new WrongExpectedVersion(request.streamId, request.expectedVersion, head.version) };
      refusedOn.add(request.streamId);
      continue;
    }
    const prepared = prepareAppend(request, head, ctx.clock());
    heads.set(request.streamId, { version: prepared.newVersion, hash: lastRowOf(prepared).hash });
    updatedAt.set(request.streamId, prepared.recordedAt);
    if (claim) claimed.set(claim.key, { requestHash: claim.requestHash, index });
    items.push({ index, prepared });
  }

  const parameters: AppendGroupParameters = {
    events: items.flatMap(({ prepared }) =>
      prepared.rows.map((row) => ({
        ...row,
        streamId: prepared.request.streamId,
        category: streamCategoryOf(prepared.request.streamId),
        metadata: prepared.metadata,
        recordedAt: prepared.recordedAt,
      })),
    ),
    heads: [...heads.entries()].map(([streamId, head]) => ({
      streamId,
      category: streamCategoryOf(streamId),
      version: head.version,
      headHash: head.hash,
      updatedAt: updatedAt.get(streamId),
      previous: locked.get(streamId)?.version ?? 0,
    })),
    records: items.flatMap(({ prepared }) => {
      const claim = prepared.request.idempotency;
      if (!claim) return [];
      return [
        {
          key: claim.key,
          requestHash: claim.requestHash,
          streamId: prepared.request.streamId,
          version: prepared.newVersion,
          eventIds: JSON.stringify(prepared.eventIds),
          lastEventId: lastRowOf(prepared).eventId,
        },
      ];
    }),
    lastEventIdOfItems: items.map(({ prepared }) => lastRowOf(prepared).eventId),
  };
  return { outcomes, items, sameAs, heads, parameters };
}

/**
 * A planned batch's outcomes once its statement has written the items: each written item answered
 * with the position the statement returned for it, each twin (same key, same request) with its
 * first item's answer as a replay.
 */
function completeBatch(batch: PlannedBatch, rows: Array<{ item: number; position: string }>): BatchAppendOutcome[] {
  for (const row of rows) {
    const { index, prepared } = batch.items[row.item - 1];
    const result = { streamId: prepared.request.streamId, streamVersion: prepared.newVersion, eventIds: prepared.eventIds, position: row.position };
    batch.outcomes[index] = { ok: true, result: { ...result, replayed: false } };
  }
  for (const [index, first] of batch.sameAs) {
    const earlier = batch.outcomes[first] as { ok: true; result: AppendOutcome };
    batch.outcomes[index] = { ok: true, result: { ...stripReplayed(earlier.result), replayed: true } };
  }
  return batch.outcomes as BatchAppendOutcome[];
}

/**
 * appendMany one item at a time, each in a savepoint, so that an item that meets a concurrent
 * twin's records is rolled back alone and answered from them. The idempotency records are read
 * once up front; a twin that commits later is caught by the item's own record insert (appendAt),
 * so no item needs a lookup of its own.
 */
async function appendManyItemByItem(ctx: StoreContext, requests: AppendRequest[], chained: boolean): Promise<BatchAppendOutcome[]> {
  const client = await ctx.pool.connect();
  const streamIds = [...new Set(requests.map((r) => r.streamId))];
  try {
    await client.query('BEGIN');
    const heads = await readHeads(client, streamIds);
    const stored = await storedResponsesOf(client, requests);
    const outcomes: BatchAppendOutcome[] = [];
    const refusedOn = new Set<string>();
    for (const request of requests) {
      const head = heads.get(request.streamId) ?? NO_HEAD;
      let savepoint = false;
      try {
        if (chained && countedRefused(refusedOn, request)) throw new WrongExpectedVersion(request.streamId, request.expectedVersion, head.version);
        const claim = request.idempotency;
        const earlier = claim ? stored.get(claim.key) : undefined;
        if (earlier) {
          if (earlier.requestHash !== claim!.requestHash) throw new IdempotencyKeyReused(claim!.key);
          outcomes.push({ ok: true, result: { ...earlier.response, replayed: true } });
          continue;
        }
        await client.query('SAVEPOINT item');
        savepoint = true;
        const { outcome, headHash } = await appendAt(ctx, client, request, head);
        // A replay here means the statement hit a concurrent twin's idempotency record and failed.
        await client.query(outcome.replayed ? 'ROLLBACK TO SAVEPOINT item' : 'RELEASE SAVEPOINT item');
        if (!outcome.replayed) heads.set(request.streamId, { version: outcome.streamVersion, hash: headHash });
        if (claim && !outcome.replayed) {
          stored.set(claim.key, { requestHash: claim.requestHash, status: 201, response: stripReplayed(outcome) });
        }
        outcomes.push({ ok: true, result: outcome });
      } catch (error) {
        if (error instanceof WrongExpectedVersion || error instanceof IdempotencyKeyReused) {
          // Only an item that took its savepoint has one to go back to: rolling back to a savepoint
          // that does not exist is an error, and it would abort the whole transaction.
          if (savepoint) await client.query('ROLLBACK TO SAVEPOINT item');
          outcomes.push({ ok: false, error });
          refusedOn.add(request.streamId);
          continue;
        }
        throw error;
      }
    }
    await client.query('COMMIT');
    return outcomes;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    ctx.heads.forget(streamIds);
    client.release();
  }
}

/** A numbered expected version on a stream where an earlier request of the same call was refused. */
function countedRefused(refusedOn: ReadonlySet<string>, request: AppendRequest): boolean {
  return typeof request.expectedVersion === 'number' && refusedOn.has(request.streamId);
}
