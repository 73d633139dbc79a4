import { EventRow, recordedEventOfRow } from './row-mapping';
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { IdempotencyKeyReused, ImportRejected, WrongExpectedVersion } from './event-store.errors';
import {
  AppendRequest,
  AppendResult,
  EventToAppend,
  ExpectedVersion,
  ImportedEvent,
  ReadAllPage,
  ReadStreamOptions,
  RecordedEvent,
  StoredIdempotentResponse,
  VerifyResult,
  streamCategoryOf,
} from './event-store.types';
import { verifyChains } from './chain-verifier';
import { linkHashOf, linkHashV2OfTexts } from './hash-chain';
import { jsonbText } from './jsonb-text';
import { Checkpoint, START, encodeCheckpoint } from './safe-order';
import { Upcasters } from './upcasters';

// Aliases shadow the columns in ORDER BY: order by the qualified events.* columns, never the text aliases.
const EVENT_COLUMNS = `position::text AS position, transaction_id::text AS transaction_id, event_id, stream_id,
  stream_category, stream_version, type, schema_version, data, metadata, occurred_at, recorded_at, prev_hash, hash, hash_version`;

/** Outcome of one append: the result, and whether it was answered from an earlier identical request. */
export interface AppendOutcome extends AppendResult {
  replayed: boolean;
}

/** One item of appendMany: the append, or why it did not happen. Items are independent. */
export type BatchAppendOutcome = { ok: true; result: AppendOutcome } | { ok: false; error: WrongExpectedVersion | IdempotencyKeyReused };

interface Head {
  version: number;
  hash: string | null;
}

interface PreparedAppend {
  request: AppendRequest;
  head: Head;
  newVersion: number;
  eventIds: string[];
  rows: Row[];
  /** The metadata's stored text (jsonbText), the same for every event of the append. */
  metadata: string;
  recordedAt: Date;
}

interface Row {
  eventId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: string;
  occurredAt: string;
  prevHash: string | null;
  hash: string;
}

const UNIQUE_VIOLATION = '23505';
const DEADLOCK_DETECTED = '40P01';

/**
 * appendMany's writes in one statement, in this order: the heads ($13–$18, by stream id, so that
 * batches creating the same new streams queue on the first one rather than deadlock; a head moves
 * only from the version the batch locked or, for a new stream, if nobody created it meanwhile), then
 * the events ($1–$12, only if every head moved: the count in their WHERE makes the heads insert run
 * first), then the idempotency records ($20–$25) with the position of each item's last event. Returns
 * that position for each item ($26: the items' last event ids), no rows when a head did not move.
 */
const appendManySql = (guard: (moved: string, expected: string) => string): string => `
  WITH moved AS (
    SELECT * FROM unnest($13::text[], $14::text[], $15::int[], $16::text[], $17::timestamptz[], $18::int[])
                  AS m(stream_id, category, version, head_hash, updated_at, previous)
  ),
  heads AS (
    INSERT INTO streams (stream_id, category, version, head_hash, updated_at)
    SELECT stream_id, category, version, head_hash, updated_at FROM moved ORDER BY stream_id
    ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, head_hash = EXCLUDED.head_hash, updated_at = EXCLUDED.updated_at
    WHERE streams.version = (SELECT previous FROM moved WHERE moved.stream_id = streams.stream_id)
    RETURNING 1
  ),
  ins AS (
    INSERT INTO events (event_id, stream_id, stream_category, stream_version, type, schema_version,
                        data, metadata, occurred_at, recorded_at, prev_hash, hash)
    SELECT r.event_id, r.stream_id, r.category, r.version, r.type, r.schema_version, r.data::jsonb, r.metadata::jsonb,
           r.occurred_at, r.recorded_at, r.prev_hash, r.hash
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::text[],
                $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[])
         WITH ORDINALITY AS r(event_id, stream_id, category, version, type, schema_version, data, metadata,
                              occurred_at, recorded_at, prev_hash, hash, ord)
    WHERE ${guard('(SELECT count(*) FROM heads)', '$19')}
    ORDER BY r.ord
    RETURNING event_id, position
  ),
  idem AS (
    INSERT INTO idempotency_keys (key, request_hash, status, response)
    SELECT k.key, k.request_hash, 201, jsonb_build_object('streamId', k.stream_id, 'streamVersion', k.version,
           'eventIds', k.event_ids::jsonb, 'position', ins.position::text)
    FROM unnest($20::text[], $21::text[], $22::text[], $23::int[], $24::text[], $25::uuid[])
         AS k(key, request_hash, stream_id, version, event_ids, last_event_id)
    JOIN ins ON ins.event_id = k.last_event_id
    RETURNING 1
  )
  SELECT l.item::int AS item, ins.position::text AS position
  FROM unnest($26::uuid[]) WITH ORDINALITY AS l(event_id, item) JOIN ins ON ins.event_id = l.event_id`;

/**
 * One append in one statement: the head moves only from the expected version ($5; for a new stream,
 * only if nobody created it meanwhile), the events are inserted only if it moved, and the idempotency
 * record ($16, $17) with them. A single event is bound as plain values (no array literal to build
 * and parse); several travel as arrays. Each text is a named statement: a pooled connection parses
 * and plans it once, not on every append.
 */
function appendStatement(name: string, fresh: boolean, single: boolean): { name: string; text: string } {
  const head = fresh
    ? `INSERT INTO streams (stream_id, category, version, head_hash, updated_at)
       VALUES ($1, $6, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING $5::int`
    : `UPDATE streams SET version = $2, head_hash = $3, updated_at = $4
       WHERE stream_id = $1 AND version = $5 RETURNING 1`;
  const rows = single
    ? `SELECT $8::uuid, $1, $6, $9::int, $10::text, $11::int, $12::jsonb, $7::jsonb, $13::timestamptz, $4, $14::text, $15::text FROM head`
    : `SELECT r.event_id, $1, $6, r.version, r.type, r.schema_version, r.data::jsonb, $7::jsonb, r.occurred_at, $4, r.prev_hash, r.hash
       FROM head, unnest($8::uuid[], $9::int[], $10::text[], $11::int[], $12::text[], $13::timestamptz[], $14::text[], $15::text[])
            AS r(event_id, version, type, schema_version, data, occurred_at, prev_hash, hash)`;
  const eventIds = single ? `jsonb_build_array($8::text)` : `to_jsonb($8::text[])`;
  return {
    name,
    text: `
      WITH head AS (${head}),
      ins AS (
        INSERT INTO events (event_id, stream_id, stream_category, stream_version, type, schema_version,
                            data, metadata, occurred_at, recorded_at, prev_hash, hash)
        ${rows}
        RETURNING position
      ),
      idem AS (
        INSERT INTO idempotency_keys (key, request_hash, status, response)
        SELECT $16::text, $17::text, 201, jsonb_build_object('streamId', $1::text, 'streamVersion', $2::int,
               'eventIds', ${eventIds}, 'position', (SELECT max(position) FROM ins)::text)
        FROM head WHERE $16::text IS NOT NULL
        RETURNING 1
      )
      SELECT max(position)::text AS position, count(*)::int AS appended FROM ins`,
  };
}

const APPEND_STATEMENTS = {
  new: { one: appendStatement('lotstream_append_new_one', true, true), many: appendStatement('lotstream_append_new_many', true, false) },
  existing: { one: appendStatement('lotstream_append_one', false, true), many: appendStatement('lotstream_append_many', false, false) },
};

/** For a transaction on locked heads: no events unless every head moved (the caller rolls back). */
const APPEND_MANY_SQL = appendManySql((moved, expected) => `${moved} = ${expected}`);
/** For one statement on unlocked heads: the statement fails unless every head moved (AppendGroupGuard). */
const APPEND_GROUP_SQL = appendManySql((moved, expected) => `lotstream_heads_moved(${moved}, ${expected})`);
const HEADS_MOVED = 'LSH01';

export interface EventStoreHooks {
  /** Called after each append (for metrics): events written, seconds taken, outcome. */
  onAppend?: (events: number, seconds: number, outcome: 'ok' | 'replayed' | 'conflict' | 'error') => void;
}

/** Event data and metadata are JSON objects; anything else has no place in a row (and no stored form). */
function objectOf(value: unknown, field: string): object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`an event's ${field} must be a JSON object`);
  return value;
}

/**
 * Writes of single appends in flight at once in one store (see append): enough to keep both
 * PostgreSQL and Node busy, few enough that concurrent appends find a write to join.
 */
const APPEND_WRITERS = 4;

/**
 * A planned batch's outcomes once its statement has written the items: each written item answered
 * with the position the statement returned for it, each twin (same key, same request) with its
 * first item's answer as a replay.
 */
function completeBatch(
  batch: { outcomes: Array<BatchAppendOutcome | undefined>; items: Array<{ index: number; prepared: PreparedAppend }>; sameAs: Array<[number, number]> },
  rows: Array<{ item: number; position: string }>,
): BatchAppendOutcome[] {
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

const elapsed = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;

/**
 * The event store on PostgreSQL. One append is one SQL statement (an implicit transaction; appends
 * waiting for a write share one, see append): the stream head moves only if it still stands where the
 * writer expects, and the events, the head and the idempotency record are written together or not at all.
 */
export class PostgresEventStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date = () => new Date(),
    private readonly upcasters: Upcasters = new Upcasters(),
    private readonly hooks: EventStoreHooks = {},
  ) {}

  /** Recently seen stream heads (bounded); only ever a hint, never trusted without the conditional write. */
  private readonly heads = new Map<string, Head>();
  private readonly committedListeners = new Set<() => void>();
  private notifyScheduled = false;

  /** Appends waiting for a write (see append). */
  private readonly waiting: Array<{ request: AppendRequest; resolve: (outcome: AppendOutcome) => void; reject: (error: unknown) => void }> = [];
  /** Writes of appends in flight. */
  private writing = 0;

  /**
   * Appends one request. A lone append is one statement. Appends of this process that arrive while
   * APPEND_WRITERS writes are in flight wait, and the next write takes all of them at once as one group
   * (appendGroup: one statement, or one transaction, and one commit), each request still landing,
   * conflicting or replaying on its own exactly as it would alone (a fault in the group writes them one by one).
   * Under concurrency that spends far less per event than a statement and a commit each.
   */
  append(request: AppendRequest): Promise<AppendOutcome> {
    if (request.events.length === 0) return Promise.reject(new Error('an append needs at least one event'));
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

  private async writeGroup(group: PostgresEventStore['waiting']): Promise<void> {
    const alone = (item: (typeof group)[number]) => this.appendAlone(item.request).then(item.resolve, item.reject);
    if (group.length === 1) return alone(group[0]);
    const started = process.hrtime.bigint();
    let outcomes: BatchAppendOutcome[];
    try {
      outcomes = await this.appendGroup(
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
        this.hooks.onAppend?.(outcome.result.replayed ? 0 : outcome.result.eventIds.length, seconds, outcome.result.replayed ? 'replayed' : 'ok');
        group[i].resolve(outcome.result);
      } else {
        this.hooks.onAppend?.(0, seconds, 'conflict');
        group[i].reject(outcome.error);
      }
    });
  }

  private async appendAlone(request: AppendRequest): Promise<AppendOutcome> {
    const started = process.hrtime.bigint();
    for (let attempt = 0; ; attempt++) {
      // The head a reader just loaded saves a round trip; the conditional write still guards it.
      const cached = attempt === 0 ? this.heads.get(request.streamId) : undefined;
      const head = cached ?? (await this.readHead(this.pool, request.streamId));
      try {
        const { outcome, headHash } = await this.appendAt(this.pool, request, head);
        this.rememberHead(request.streamId, outcome.replayed ? undefined : { version: outcome.streamVersion, hash: headHash });
        this.signalCommitted();
        this.hooks.onAppend?.(outcome.replayed ? 0 : outcome.eventIds.length, elapsed(started), outcome.replayed ? 'replayed' : 'ok');
        return outcome;
      } catch (error) {
        this.heads.delete(request.streamId);
        // A conflict on a cached head may only mean the cache is stale (another process wrote the
        // stream): look again, in the store. 'any' means "wherever it stands".
        if (error instanceof WrongExpectedVersion && cached) continue;
        if (error instanceof WrongExpectedVersion && request.expectedVersion === 'any' && attempt < 20) continue;
        this.hooks.onAppend?.(0, elapsed(started), error instanceof WrongExpectedVersion ? 'conflict' : 'error');
        throw error;
      }
    }
  }

  /**
   * Appends many independent requests in one transaction (one commit for the lot). A request that
   * conflicts is reported and skipped; the others still land. Requests on the same stream see the
   * heads written by earlier requests of the batch.
   */
  async appendMany(requests: AppendRequest[]): Promise<BatchAppendOutcome[]> {
    if (requests.length === 0) return [];
    const started = process.hrtime.bigint();
    const outcomes = await this.appendGroup(requests, false);
    const appended = outcomes.reduce((n, o) => n + (o.ok && !o.result.replayed ? o.result.eventIds.length : 0), 0);
    this.hooks.onAppend?.(appended, elapsed(started), 'ok');
    return outcomes;
  }

  /**
   * Set-based: the same few statements whatever the size of the batch. A concurrent write the head
   * locks cannot keep out (a twin's idempotency key or event id, a stream created meanwhile, a
   * deadlock with an atomic append) sends the batch round again, item by item with savepoints.
   * `onKnownHeads` (appends grouped by `append`: a few items, mostly on streams this store just
   * wrote) first tries the one statement on the heads it knows.
   */
  private async appendGroup(requests: AppendRequest[], onKnownHeads: boolean): Promise<BatchAppendOutcome[]> {
    const outcomes =
      (onKnownHeads ? await this.appendManyOnKnownHeads(requests) : undefined) ??
      (await this.appendManyAtOnce(requests)) ??
      (await this.appendManyItemByItem(requests));
    this.signalCommitted();
    return outcomes;
  }

  /**
   * appendMany in one statement, planned on the heads this store last saw (read, unlocked, where it
   * saw none): no transaction to open, no locks to take, no commit to send. Undefined — nothing
   * written — when the plan cannot stand: an item it would refuse (its refusal is decided again on
   * locked heads), a head that moved meanwhile (the statement aborts itself), a stored idempotency
   * key or event id (unique violation). The caller then goes the locked way.
   */
  private async appendManyOnKnownHeads(requests: AppendRequest[]): Promise<BatchAppendOutcome[] | undefined> {
    const streamIds = [...new Set(requests.map((r) => r.streamId))];
    const known = new Map<string, Head>();
    for (const streamId of streamIds) {
      const head = this.heads.get(streamId);
      if (head) known.set(streamId, head);
    }
    const unseen = streamIds.filter((id) => !known.has(id));
    if (unseen.length > 0) for (const [streamId, head] of await this.readHeads(this.pool, unseen)) known.set(streamId, head);
    const batch = this.planBatch(requests, known, new Map());
    if (batch.items.length === 0 || batch.outcomes.some((outcome) => outcome && !outcome.ok)) return undefined;
    let rows: Array<{ item: number; position: string }>;
    try {
      ({ rows } = await this.pool.query({ name: 'lotstream_append_group', text: APPEND_GROUP_SQL, values: batch.params }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === HEADS_MOVED || code === UNIQUE_VIOLATION || code === DEADLOCK_DETECTED) {
        for (const streamId of streamIds) this.heads.delete(streamId);
        return undefined;
      }
      throw error;
    }
    for (const [streamId, head] of batch.heads) this.rememberHead(streamId, head);
    return completeBatch(batch, rows);
  }

  /**
   * appendMany in five statements: lock the heads of the batch's streams, read the idempotency
   * records, decide every item in memory (versions, hash chains), then write all heads, events and
   * idempotency records in one statement, and commit. Undefined when a concurrent write got in the
   * way (nothing was written; the caller goes item by item).
   */
  private async appendManyAtOnce(requests: AppendRequest[]): Promise<BatchAppendOutcome[] | undefined> {
    const client = await this.pool.connect();
    const streamIds = [...new Set(requests.map((r) => r.streamId))];
    let committedHeads: Map<string, Head> | undefined;
    try {
      await client.query('BEGIN');
      // Locked in one order (stream id) so that two batches over the same streams queue, never deadlock.
      const { rows: headRows } = await client.query({
        name: 'lotstream_lock_heads',
        text: 'SELECT stream_id, version, head_hash FROM streams WHERE stream_id = ANY($1::text[]) ORDER BY stream_id FOR UPDATE',
        values: [streamIds],
      });
      const locked = new Map<string, Head>(headRows.map((r) => [r.stream_id as string, { version: r.version as number, hash: r.head_hash as string }]));
      // Read after the locks, in a statement of its own (a fresh snapshot): a twin batch the locks made
      // us wait for has committed its records by now, and its items are answered as replays here
      // rather than refused as stale versions.
      const stored = await this.storedResponses(client, requests);
      const batch = this.planBatch(requests, locked, stored);
      if (batch.items.length > 0) {
        const { rows } = await client.query({ name: 'lotstream_append_many_locked', text: APPEND_MANY_SQL, values: batch.params });
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
      const code = (error as { code?: string }).code;
      if (code === UNIQUE_VIOLATION || code === DEADLOCK_DETECTED) return undefined;
      throw error;
    } finally {
      for (const streamId of streamIds) this.heads.delete(streamId);
      // What was just committed is the best hint there is for the next single append to these streams.
      for (const [streamId, head] of committedHeads ?? []) this.rememberHead(streamId, head);
      client.release();
    }
  }

  /**
   * Decides a batch against the locked heads, in order, as appendMany's items would be one after the
   * other: replays and reused keys answered from the stored records (or from an earlier item with the
   * same key), conflicts reported, the rest prepared on the heads earlier items leave, and the
   * parameters of APPEND_MANY_SQL for them.
   */
  private planBatch(requests: AppendRequest[], locked: Map<string, Head>, stored: Map<string, StoredIdempotentResponse>) {
    const outcomes: Array<BatchAppendOutcome | undefined> = new Array(requests.length);
    const items: Array<{ index: number; prepared: PreparedAppend }> = [];
    const sameAs: Array<[number, number]> = [];
    const claimed = new Map<string, { requestHash: string; index: number }>();
    const heads = new Map<string, Head>();
    // The head's updated-at is the recorded-at of the last item that moved it (as appendAt writes it).
    const updatedAt = new Map<string, Date>();
    for (const [index, request] of requests.entries()) {
      const claim = request.idempotency;
      if (claim) {
        const earlier = stored.get(claim.key);
        const sibling = earlier ? undefined : claimed.get(claim.key);
        if (earlier || sibling) {
          const sameRequest = (earlier?.requestHash ?? sibling!.requestHash) === claim.requestHash;
          if (!sameRequest) outcomes[index] = { ok: false, error: new IdempotencyKeyReused(claim.key) };
          else if (earlier) outcomes[index] = { ok: true, result: { ...earlier.response, replayed: true } };
          else sameAs.push([index, sibling!.index]);
          continue;
        }
      }
      const head = heads.get(request.streamId) ?? locked.get(request.streamId) ?? { version: 0, hash: null };
      if (!matches(request.expectedVersion, head.version)) {
        outcomes[index] = { ok: false, error: new WrongExpectedVersion(request.streamId, request.expectedVersion, head.version) };
        continue;
      }
      if (request.events.length === 0) throw new Error('an append needs at least one event');
      const prepared = this.prepare(request, head);
      heads.set(request.streamId, { version: prepared.newVersion, hash: prepared.rows[prepared.rows.length - 1].hash });
      updatedAt.set(request.streamId, prepared.recordedAt);
      if (claim) claimed.set(claim.key, { requestHash: claim.requestHash, index });
      items.push({ index, prepared });
    }

    const events = items.flatMap(({ prepared }) => prepared.rows.map((row) => ({ row, prepared })));
    const moved = [...heads.entries()];
    const lastOf = (prepared: PreparedAppend) => prepared.rows[prepared.rows.length - 1].eventId;
    const keyed = items.filter(({ prepared }) => prepared.request.idempotency);
    const params = [
      events.map((e) => e.row.eventId),
      events.map((e) => e.prepared.request.streamId),
      events.map((e) => streamCategoryOf(e.prepared.request.streamId)),
      events.map((e) => e.row.version),
      events.map((e) => e.row.type),
      events.map((e) => e.row.schemaVersion),
      events.map((e) => e.row.data),
      events.map((e) => e.prepared.metadata),
      events.map((e) => e.row.occurredAt),
      events.map((e) => e.prepared.recordedAt),
      events.map((e) => e.row.prevHash),
      events.map((e) => e.row.hash),
      moved.map(([streamId]) => streamId),
      moved.map(([streamId]) => streamCategoryOf(streamId)),
      moved.map(([, head]) => head.version),
      moved.map(([, head]) => head.hash),
      moved.map(([streamId]) => updatedAt.get(streamId)),
      moved.map(([streamId]) => locked.get(streamId)?.version ?? 0),
      moved.length,
      keyed.map(({ prepared }) => prepared.request.idempotency!.key),
      keyed.map(({ prepared }) => prepared.request.idempotency!.requestHash),
      keyed.map(({ prepared }) => prepared.request.streamId),
      keyed.map(({ prepared }) => prepared.newVersion),
      keyed.map(({ prepared }) => JSON.stringify(prepared.eventIds)),
      keyed.map(({ prepared }) => lastOf(prepared)),
      items.map(({ prepared }) => lastOf(prepared)),
    ];
    return { outcomes, items, sameAs, heads, params };
  }

  /** The idempotency records of the batch's keys, in one query. */
  private storedResponses(client: PoolClient, requests: AppendRequest[]): Promise<Map<string, StoredIdempotentResponse>> {
    return this.findIdempotentMany(
      requests.flatMap((r) => (r.idempotency ? [r.idempotency.key] : [])),
      client,
    );
  }

  /**
   * appendMany one item at a time, each in a savepoint, so that an item that meets a concurrent
   * twin's records is rolled back alone and answered from them. The idempotency records are read
   * once up front; a twin that commits later is caught by the item's own record insert (appendAt),
   * so no item needs a lookup of its own.
   */
  private async appendManyItemByItem(requests: AppendRequest[]): Promise<BatchAppendOutcome[]> {
    const client = await this.pool.connect();
    const streamIds = [...new Set(requests.map((r) => r.streamId))];
    try {
      await client.query('BEGIN');
      const heads = await this.readHeads(client, streamIds);
      const stored = await this.storedResponses(client, requests);
      const outcomes: BatchAppendOutcome[] = [];
      for (const request of requests) {
        const head = heads.get(request.streamId) ?? { version: 0, hash: null };
        let savepoint = false;
        try {
          const claim = request.idempotency;
          const earlier = claim ? stored.get(claim.key) : undefined;
          if (earlier) {
            if (earlier.requestHash !== claim!.requestHash) throw new IdempotencyKeyReused(claim!.key);
            outcomes.push({ ok: true, result: { ...earlier.response, replayed: true } });
            continue;
          }
          await client.query('SAVEPOINT item');
          savepoint = true;
          const { outcome, headHash } = await this.appendAt(client, request, head);
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
      for (const streamId of streamIds) this.heads.delete(streamId);
      client.release();
    }
  }

  /**
   * Appends to several streams all or nothing (a consumption writes the consuming lot and the input
   * lot; a split writes the parent and the child). Any conflict rolls everything back and throws.
   * At most one request should carry the idempotency claim; if it was already answered, nothing
   * is written and the stored answer is returned as that request's outcome. `claimLookedUp`: the
   * caller has just found no record for the claim (a batch reads all its keys at once), so the
   * lookup is skipped; a twin that answers it meanwhile is still caught by the record's insert.
   */
  async appendAtomic(requests: AppendRequest[], options: { claimLookedUp?: boolean } = {}): Promise<AppendOutcome[]> {
    const claimed = requests.find((r) => r.idempotency);
    if (claimed && !options.claimLookedUp) {
      const stored = await this.findIdempotent(claimed.idempotency!.key);
      if (stored) {
        if (stored.requestHash !== claimed.idempotency!.requestHash) throw new IdempotencyKeyReused(claimed.idempotency!.key);
        return requests.map((r) => (r === claimed ? { ...stored.response, replayed: true } : { ...stored.response, streamId: r.streamId, replayed: true }));
      }
    }
    const client = await this.pool.connect();
    const started = process.hrtime.bigint();
    try {
      await client.query('BEGIN');
      const heads = await this.readHeads(client, [...new Set(requests.map((r) => r.streamId))]);
      const outcomes: AppendOutcome[] = [];
      for (const request of requests) {
        const head = heads.get(request.streamId) ?? { version: 0, hash: null };
        const { outcome, headHash } = await this.appendAt(client, request, head);
        if (outcome.replayed) {
          // A concurrent twin with the same key won; this transaction is aborted: undo it all.
          await client.query('ROLLBACK');
          return requests.map((r) => ({ ...outcome, streamId: r === request ? outcome.streamId : r.streamId }));
        }
        heads.set(request.streamId, { version: outcome.streamVersion, hash: headHash });
        outcomes.push(outcome);
      }
      await client.query('COMMIT');
      for (const [streamId] of heads) this.heads.delete(streamId);
      this.signalCommitted();
      this.hooks.onAppend?.(
        outcomes.reduce((n, o) => n + o.eventIds.length, 0),
        elapsed(started),
        'ok',
      );
      return outcomes;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      this.hooks.onAppend?.(0, elapsed(started), error instanceof WrongExpectedVersion ? 'conflict' : 'error');
      throw error;
    } finally {
      client.release();
    }
  }

  private async appendAt(db: Pool | PoolClient, request: AppendRequest, head: Head): Promise<{ outcome: AppendOutcome; headHash: string | null }> {
    const { streamId, expectedVersion } = request;
    if (!matches(expectedVersion, head.version)) throw new WrongExpectedVersion(streamId, expectedVersion, head.version);
    if (request.events.length === 0) throw new Error('an append needs at least one event');
    const prepared = this.prepare(request, head);
    const last = prepared.rows[prepared.rows.length - 1];
    const claim = request.idempotency;
    const single = prepared.rows.length === 1;
    const statement = APPEND_STATEMENTS[head.version === 0 ? 'new' : 'existing'][single ? 'one' : 'many'];
    const params = [
      streamId,
      prepared.newVersion,
      last.hash,
      prepared.recordedAt,
      head.version,
      streamCategoryOf(streamId),
      prepared.metadata,
      ...(single
        ? [last.eventId, last.version, last.type, last.schemaVersion, last.data, last.occurredAt, last.prevHash, last.hash]
        : [
            prepared.rows.map((r) => r.eventId),
            prepared.rows.map((r) => r.version),
            prepared.rows.map((r) => r.type),
            prepared.rows.map((r) => r.schemaVersion),
            prepared.rows.map((r) => r.data),
            prepared.rows.map((r) => r.occurredAt),
            prepared.rows.map((r) => r.prevHash),
            prepared.rows.map((r) => r.hash),
          ]),
      claim?.key ?? null,
      claim?.requestHash ?? null,
    ];
    let rows: Array<{ position: string | null; appended: number }>;
    try {
      // Named: each pooled connection parses and plans the statement once, not on every append.
      ({ rows } = await db.query({ ...statement, values: params }));
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        const constraint = (error as { constraint?: string }).constraint;
        if (constraint === 'idempotency_keys_pkey' && claim) {
          return { outcome: await this.answerFromIdempotency(claim.key, claim.requestHash), headHash: null };
        }
        if (constraint === 'events_stream_version_unique' || constraint === 'streams_pkey') {
          const actual = await this.readHead(this.pool, streamId);
          throw new WrongExpectedVersion(streamId, expectedVersion, actual.version);
        }
      }
      throw error;
    }
    if (rows[0].appended === 0) {
      const actual = await this.readHead(this.pool, streamId);
      throw new WrongExpectedVersion(streamId, expectedVersion, actual.version);
    }
    return {
      outcome: { streamId, streamVersion: prepared.newVersion, eventIds: prepared.eventIds, position: rows[0].position!, replayed: false },
      headHash: last.hash,
    };
  }

  private async answerFromIdempotency(key: string, requestHash: string): Promise<AppendOutcome> {
    const stored = await this.findIdempotent(key);
    if (!stored || stored.requestHash !== requestHash) throw new IdempotencyKeyReused(key);
    return { ...stored.response, replayed: true };
  }

  private prepare(request: AppendRequest, head: Head): PreparedAppend {
    const recordedAt = this.clock();
    const recordedAtIso = recordedAt.toISOString();
    // Each value is serialised once, as jsonb's own text (jsonbText): hash format v2 covers exactly
    // that text (the rows get hash_version's default, 2), and it is also what the row sends, since
    // jsonb reads it back to the very value it prints that way.
    const metadata = jsonbText(objectOf(request.metadata, 'metadata'));
    let prevHash = head.hash;
    let version = head.version;
    const rows: Row[] = request.events.map((event: EventToAppend) => {
      version += 1;
      const eventId = event.eventId ?? randomUUID();
      const schemaVersion = event.schemaVersion ?? 1;
      const data = jsonbText(objectOf(event.data, 'data'));
      const occurredAt = new Date(event.occurredAt).toISOString();
      const hash = linkHashV2OfTexts({
        eventId,
        streamId: request.streamId,
        streamVersion: version,
        type: event.type,
        schemaVersion,
        dataText: data,
        metadataText: metadata,
        occurredAt,
        recordedAt: recordedAtIso,
        prevHash,
      });
      const row: Row = { eventId, version, type: event.type, schemaVersion, data, occurredAt, prevHash, hash };
      prevHash = hash;
      return row;
    });
    return { request, head, newVersion: version, eventIds: rows.map((r) => r.eventId), rows, metadata, recordedAt };
  }

  /** The stored answers of many idempotency keys in one query (absent keys are absent from the map). */
  async findIdempotentMany(keys: string[], db: Pool | PoolClient = this.pool): Promise<Map<string, StoredIdempotentResponse>> {
    const stored = new Map<string, StoredIdempotentResponse>();
    if (keys.length === 0) return stored;
    const { rows } = await db.query('SELECT key, request_hash, status, response FROM idempotency_keys WHERE key = ANY($1::text[])', [keys]);
    for (const r of rows) stored.set(r.key, { requestHash: r.request_hash, status: r.status, response: r.response });
    return stored;
  }

  async findIdempotent(key: string, db: Pool | PoolClient = this.pool): Promise<StoredIdempotentResponse | undefined> {
    const { rows } = await db.query({
      name: 'lotstream_find_idempotent',
      text: 'SELECT request_hash, status, response FROM idempotency_keys WHERE key = $1',
      values: [key],
    });
    if (rows.length === 0) return undefined;
    return { requestHash: rows[0].request_hash, status: rows[0].status, response: rows[0].response };
  }

  async streamVersion(streamId: string): Promise<number> {
    return (await this.readHead(this.pool, streamId)).version;
  }

  private async readHead(db: Pool | PoolClient, streamId: string): Promise<Head> {
    const { rows } = await db.query({ name: 'lotstream_read_head', text: 'SELECT version, head_hash FROM streams WHERE stream_id = $1', values: [streamId] });
    return rows.length === 0 ? { version: 0, hash: null } : { version: rows[0].version, hash: rows[0].head_hash };
  }

  private async readHeads(db: Pool | PoolClient, streamIds: string[]): Promise<Map<string, Head>> {
    const { rows } = await db.query('SELECT stream_id, version, head_hash FROM streams WHERE stream_id = ANY($1::text[])', [streamIds]);
    return new Map(rows.map((r) => [r.stream_id as string, { version: r.version as number, hash: r.head_hash as string }]));
  }

  /** Whole streams (current schema) in one query, each in version order: a batch's lots, gauges and input lots. */
  async readStreams(streamIds: string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (streams.size === 0) return streams;
    const { rows } = await this.pool.query(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ANY($1::text[]) ORDER BY events.stream_id, events.stream_version`,
      [[...streams.keys()]],
    );
    for (const row of rows) streams.get(row.stream_id)!.push(this.toRecorded(row));
    for (const [streamId, events] of streams) {
      const last = events[events.length - 1];
      this.rememberHead(streamId, last ? { version: last.streamVersion, hash: last.hash } : undefined);
    }
    return streams;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query({
      name: 'lotstream_read_stream',
      text: `SELECT ${EVENT_COLUMNS} FROM events
       WHERE stream_id = $1 AND ($2::int IS NULL OR stream_version <= $2) AND ($3::timestamptz IS NULL OR recorded_at <= $3)
       ORDER BY stream_version`,
      values: [streamId, options.toVersion ?? null, options.asOf ?? null],
    });
    const events = rows.map((row) => this.toRecorded(row, options.upcast ?? true));
    if (options.toVersion === undefined && options.asOf === undefined) {
      const last = events[events.length - 1];
      this.rememberHead(streamId, last ? { version: last.streamVersion, hash: last.hash } : undefined);
    }
    return events;
  }

  /** A stored event in the current shape of its type (what readers get from readStream and readAll). */
  upcast(event: RecordedEvent): RecordedEvent {
    return this.upcasters.upcast(event);
  }

  /** Subscribes to "something was committed" in this process (the relay and in-process feed wake on it). */
  onCommitted(listener: () => void): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  private rememberHead(streamId: string, head: Head | undefined): void {
    if (!head) return;
    if (this.heads.size >= 10000) this.heads.delete(this.heads.keys().next().value as string);
    this.heads.set(streamId, head);
  }

  /**
   * Wakes subscribers after a commit: listeners in this process at once, other processes through one
   * NOTIFY at most every few milliseconds, sent outside the append's transaction (a NOTIFY inside
   * it would serialise every commit on the notification queue lock).
   */
  private signalCommitted(): void {
    for (const listener of this.committedListeners) listener();
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    setTimeout(() => {
      this.notifyScheduled = false;
      if ((this.pool as { ending?: boolean }).ending) return;
      this.pool.query(`NOTIFY lotstream_events`).catch(() => undefined);
    }, 5).unref();
  }

  /**
   * Events after the checkpoint in safe order: only transactions older than every transaction still
   * in flight, ordered by (transaction id, position). A reader that follows it never skips an event
   * that commits later with a smaller position.
   */
  async readAll(after: Checkpoint = START, limit = 1000, options: { upcast?: boolean } = {}): Promise<ReadAllPage> {
    const { rows } = await this.pool.query(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE (transaction_id, position) > ($1::text::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY events.transaction_id, events.position
       LIMIT $3`,
      [after.transactionId, after.position, limit],
    );
    const events = rows.map((row) => this.toRecorded(row, options.upcast ?? true));
    const last = events[events.length - 1];
    return {
      events,
      next: encodeCheckpoint(last ? { transactionId: last.transactionId, position: last.position } : after),
    };
  }

  /**
   * Writes events exported from another store exactly as they were recorded (event id, recorded-at,
   * metadata, stored schema version and data, hashes), in the order given. Each link is checked
   * before anything is written: the version follows the stream head, the previous hash is the head's
   * hash and the hash is recomputed over the stored form, in the event's own hash format (hashVersion;
   * 1 when absent: exports from before format 2), which the row keeps. Instants must be in the form
   * the store reads back, or the chain could not verify. One call is one transaction, all or nothing.
   * Rows go through the same table, triggers and stream heads as appends; positions are new.
   */
  async importRecorded(events: ImportedEvent[]): Promise<{ imported: number }> {
    if (events.length === 0) return { imported: 0 };
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const heads = await this.readHeads(client, [...new Set(events.map((e) => e.streamId))]);
      const touched = new Map<string, { category: string; version: number; hash: string; recordedAt: string; previous: number }>();
      for (const [index, event] of events.entries()) {
        const head = heads.get(event.streamId) ?? { version: 0, hash: null };
        const problem =
          event.streamVersion !== head.version + 1
            ? `version ${event.streamVersion} does not follow the stream head ${head.version}`
            : event.prevHash !== head.hash
              ? 'previous hash does not match the stream head'
              : !storedInstant(event.occurredAt) || !storedInstant(event.recordedAt)
                ? 'occurredAt and recordedAt must be in the form the store keeps (YYYY-MM-DDTHH:mm:ss.sssZ)'
                : linkHashOf(event.hashVersion ?? 1, event) !== event.hash
                  ? 'content does not match its hash'
                  : undefined;
        if (problem) throw new ImportRejected(index, event.streamId, event.streamVersion, problem);
        const previous = touched.get(event.streamId)?.previous ?? head.version;
        heads.set(event.streamId, { version: event.streamVersion, hash: event.hash });
        touched.set(event.streamId, {
          category: streamCategoryOf(event.streamId),
          version: event.streamVersion,
          hash: event.hash,
          recordedAt: event.recordedAt,
          previous,
        });
      }
      await client.query(
        `INSERT INTO events (event_id, stream_id, stream_category, stream_version, type, schema_version,
                             data, metadata, occurred_at, recorded_at, prev_hash, hash, hash_version)
         SELECT r.event_id, r.stream_id, r.category, r.version, r.type, r.schema_version, r.data::jsonb, r.metadata::jsonb,
                r.occurred_at, r.recorded_at, r.prev_hash, r.hash, r.hash_version
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::text[],
                     $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[], $13::smallint[])
              WITH ORDINALITY AS r(event_id, stream_id, category, version, type, schema_version, data, metadata,
                                   occurred_at, recorded_at, prev_hash, hash, hash_version, ord)
         ORDER BY r.ord`,
        [
          events.map((e) => e.eventId),
          events.map((e) => e.streamId),
          events.map((e) => streamCategoryOf(e.streamId)),
          events.map((e) => e.streamVersion),
          events.map((e) => e.type),
          events.map((e) => e.schemaVersion),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify(e.metadata)),
          events.map((e) => e.occurredAt),
          events.map((e) => e.recordedAt),
          events.map((e) => e.prevHash),
          events.map((e) => e.hash),
          events.map((e) => e.hashVersion ?? 1),
        ],
      );
      const streams = [...touched.entries()];
      // A head moves only from where this import found it (a concurrent writer makes the import fail).
      const { rowCount } = await client.query(
        `WITH h AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::int[])
                    AS h(stream_id, category, version, head_hash, updated_at, previous))
         INSERT INTO streams (stream_id, category, version, head_hash, updated_at)
         SELECT stream_id, category, version, head_hash, updated_at FROM h
         ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, head_hash = EXCLUDED.head_hash, updated_at = EXCLUDED.updated_at
         WHERE streams.version = (SELECT previous FROM h WHERE h.stream_id = streams.stream_id)`,
        [
          streams.map(([id]) => id),
          streams.map(([, s]) => s.category),
          streams.map(([, s]) => s.version),
          streams.map(([, s]) => s.hash),
          streams.map(([, s]) => s.recordedAt),
          streams.map(([, s]) => s.previous),
        ],
      );
      if (rowCount !== streams.length) throw new ImportRejected(0, streams[0][0], 0, 'a stream head moved during the import');
      await client.query('COMMIT');
      for (const [streamId] of streams) this.heads.delete(streamId);
      this.signalCommitted();
      return { imported: events.length };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ImportRejected(0, '', 0, `an imported event already exists (${(error as { detail?: string }).detail ?? 'unique violation'})`);
      }
      throw error;
    } finally {
      client.release();
    }
  }

  /** Number of events and the newest recorded-at, for lag figures. */
  async headPosition(): Promise<{ position: string; recordedAt: string | null; count: string }> {
    const { rows } = await this.pool.query(
      `SELECT coalesce(max(position), 0)::text AS position,
              (SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1) AS recorded_at,
              (SELECT count(*) FROM events)::text AS count FROM events`,
    );
    return { position: rows[0].position, recordedAt: rows[0].recorded_at?.toISOString() ?? null, count: rows[0].count };
  }

  /**
   * Recomputes every link of every stream's hash chain (or one stream's), and checks that stream
   * heads agree with the last event (a removed tail shows there). Set-based in PostgreSQL
   * (chain-verifier.ts): hash format v2 is recomputed by the server, v1 rows in Node.
   */
  verify(streamId?: string, onProgress?: (checked: number) => void): Promise<VerifyResult> {
    return verifyChains(this.pool, streamId, onProgress);
  }

  private toRecorded(row: EventRow, upcast = true): RecordedEvent {
    const event = recordedEventOfRow(row);
    return upcast ? this.upcasters.upcast(event) : event;
  }
}

function stripReplayed(outcome: AppendOutcome): AppendResult {
  return { streamId: outcome.streamId, streamVersion: outcome.streamVersion, eventIds: outcome.eventIds, position: outcome.position };
}

function matches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return actual === 0;
  return expected === actual;
}

/** An instant as the store reads it back (toISOString of the stored timestamptz): what its hash covers. */
function storedInstant(text: string): boolean {
  const instant = new Date(text);
  return !Number.isNaN(instant.getTime()) && instant.toISOString() === text;
}
