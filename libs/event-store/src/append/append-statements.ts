import type { QueryConfig } from 'pg';
import type { IdempotencyClaim } from '../event-store.types';
import { columnOf, parameterList } from '../sql-parameters';
import type { PreparedRow } from './prepare-append';

/** One append's write: the head's move, its rows, and the idempotency claim recorded with them. */
export interface AppendParameters {
  streamId: string;
  category: string;
  /** The version the head must stand at (0: the stream must not exist yet). */
  fromVersion: number;
  toVersion: number;
  /** The hash of the append's last event: the head's new hash. */
  headHash: string;
  recordedAt: Date;
  /** The metadata's stored text, the same for every row. */
  metadata: string;
  rows: PreparedRow[];
  idempotency?: IdempotencyClaim;
}

/** The fields the single append's statement is bound to: a row's fields as plain values (one event) or columns (several). */
interface AppendFields<Cell extends 'value' | 'column'> {
  streamId: string;
  toVersion: number;
  headHash: string;
  recordedAt: Date;
  fromVersion: number;
  category: string;
  metadata: string;
  eventId: Cell extends 'value' ? string : string[];
  version: Cell extends 'value' ? number : number[];
  type: Cell extends 'value' ? string : string[];
  schemaVersion: Cell extends 'value' ? number : number[];
  data: Cell extends 'value' ? string : string[];
  occurredAt: Cell extends 'value' ? string : string[];
  prevHash: Cell extends 'value' ? string | null : Array<string | null>;
  hash: Cell extends 'value' ? string : string[];
  idempotencyKey: string | null;
  requestHash: string | null;
}

const APPEND = parameterList<AppendFields<'value'> | AppendFields<'column'>>([
  'streamId',
  'toVersion',
  'headHash',
  'recordedAt',
  'fromVersion',
  'category',
  'metadata',
  'eventId',
  'version',
  'type',
  'schemaVersion',
  'data',
  'occurredAt',
  'prevHash',
  'hash',
  'idempotencyKey',
  'requestHash',
]);

/**
 * One append in one statement: the head moves only from the expected version (for a new stream,
 * only if nobody created it meanwhile), the events are inserted only if it moved, and the idempotency
 * record with them. A single event is bound as plain values (no array literal to build and parse);
 * several travel as arrays. Each text is a named statement: a pooled connection parses and plans it
 * once, not on every append.
 */
function appendStatement(name: string, fresh: boolean, single: boolean): { name: string; text: string } {
  const { $ } = APPEND;
  const head = fresh
    ? `INSERT INTO streams (stream_id, category, version, head_hash, updated_at)
       VALUES (${$('streamId')}, ${$('category')}, ${$('toVersion')}, ${$('headHash')}, ${$('recordedAt')}) ON CONFLICT DO NOTHING RETURNING ${$('fromVersion')}::int`
    : `UPDATE streams SET version = ${$('toVersion')}, head_hash = ${$('headHash')}, updated_at = ${$('recordedAt')}
       WHERE stream_id = ${$('streamId')} AND version = ${$('fromVersion')} RETURNING 1`;
  const rows = single
    ? `SELECT ${$('eventId')}::uuid, ${$('streamId')}, ${$('category')}, ${$('version')}::int, ${$('type')}::text, ${$('schemaVersion')}::int, ${$('data')}::jsonb, ${$('metadata')}::jsonb, ${$('occurredAt')}::timestamptz, ${$('recordedAt')}, ${$('prevHash')}::text, ${$('hash')}::text FROM head`
    : `SELECT r.event_id, ${$('streamId')}, ${$('category')}, r.version, r.type, r.schema_version, r.data::jsonb, ${$('metadata')}::jsonb, r.occurred_at, ${$('recordedAt')}, r.prev_hash, r.hash
       FROM head, unnest(${$('eventId')}::uuid[], ${$('version')}::int[], ${$('type')}::text[], ${$('schemaVersion')}::int[], ${$('data')}::text[], ${$('occurredAt')}::timestamptz[], ${$('prevHash')}::text[], ${$('hash')}::text[])
            AS r(event_id, version, type, schema_version, data, occurred_at, prev_hash, hash)`;
  const eventIds = single ? `jsonb_build_array(${$('eventId')}::text)` : `to_jsonb(${$('eventId')}::text[])`;
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
        SELECT ${$('idempotencyKey')}::text, ${$('requestHash')}::text, 201, jsonb_build_object('streamId', ${$('streamId')}::text, 'streamVersion', ${$('toVersion')}::int,
               'eventIds', ${eventIds}, 'position', (SELECT max(position) FROM ins)::text)
        FROM head WHERE ${$('idempotencyKey')}::text IS NOT NULL
        RETURNING 1
      )
      SELECT max(position)::text AS position, count(*)::int AS appended FROM ins`,
  };
}

const APPEND_STATEMENTS = {
  new: { one: appendStatement('lotstream_append_new_one', true, true), many: appendStatement('lotstream_append_new_many', true, false) },
  existing: { one: appendStatement('lotstream_append_one', false, true), many: appendStatement('lotstream_append_many', false, false) },
};

/** The statement of one append; its rows: `position` of the last event and `appended` (0: the head did not move). */
export function appendQuery(p: AppendParameters): QueryConfig {
  const statement = APPEND_STATEMENTS[p.fromVersion === 0 ? 'new' : 'existing'][p.rows.length === 1 ? 'one' : 'many'];
  const common = {
    streamId: p.streamId,
    toVersion: p.toVersion,
    headHash: p.headHash,
    recordedAt: p.recordedAt,
    fromVersion: p.fromVersion,
    category: p.category,
    metadata: p.metadata,
    idempotencyKey: p.idempotency?.key ?? null,
    requestHash: p.idempotency?.requestHash ?? null,
  };
  const cells: Omit<AppendFields<'value'>, keyof typeof common> | Omit<AppendFields<'column'>, keyof typeof common> =
    p.rows.length === 1
      ? p.rows[0]
      : {
          eventId: columnOf(p.rows, 'eventId'),
          version: columnOf(p.rows, 'version'),
          type: columnOf(p.rows, 'type'),
          schemaVersion: columnOf(p.rows, 'schemaVersion'),
          data: columnOf(p.rows, 'data'),
          occurredAt: columnOf(p.rows, 'occurredAt'),
          prevHash: columnOf(p.rows, 'prevHash'),
          hash: columnOf(p.rows, 'hash'),
        };
  return { ...statement, values: APPEND.values({ ...common, ...cells } as AppendFields<'value'>) };
}

/** An event row of a group write. */
export interface GroupEventRow extends PreparedRow {
  streamId: string;
  category: string;
  metadata: string;
  recordedAt: Date;
}

/** A head a group write moves: from `previous` (0: a new stream) to `version`. */
export interface HeadMove {
  streamId: string;
  category: string;
  version: number;
  headHash: string | null;
  updatedAt: Date | undefined;
  previous: number;
}

/** The idempotency record of one written item, stored with the position of the item's last event. */
export interface GroupIdempotencyRecord {
  key: string;
  requestHash: string;
  streamId: string;
  version: number;
  /** The item's event ids as a JSON array text. */
  eventIds: string;
  lastEventId: string;
}

/** Several appends written by one statement. */
export interface AppendGroupParameters {
  events: GroupEventRow[];
  heads: HeadMove[];
  records: GroupIdempotencyRecord[];
  /** The last event id of each item, in item order: the statement answers each item's position by it. */
  lastEventIdOfItems: string[];
}

interface GroupFields {
  eventIds: string[];
  eventStreamIds: string[];
  eventCategories: string[];
  eventVersions: number[];
  eventTypes: string[];
  eventSchemaVersions: number[];
  eventData: string[];
  eventMetadata: string[];
  eventOccurredAt: string[];
  eventRecordedAt: Date[];
  eventPrevHashes: Array<string | null>;
  eventHashes: string[];
  headStreamIds: string[];
  headCategories: string[];
  headVersions: number[];
  headHashes: Array<string | null>;
  headUpdatedAt: Array<Date | undefined>;
  headPreviousVersions: number[];
  headsToMove: number;
  recordKeys: string[];
  recordRequestHashes: string[];
  recordStreamIds: string[];
  recordVersions: number[];
  recordEventIds: string[];
  recordLastEventIds: string[];
  itemLastEventIds: string[];
}

const GROUP = parameterList<GroupFields>([
  'eventIds',
  'eventStreamIds',
  'eventCategories',
  'eventVersions',
  'eventTypes',
  'eventSchemaVersions',
  'eventData',
  'eventMetadata',
  'eventOccurredAt',
  'eventRecordedAt',
  'eventPrevHashes',
  'eventHashes',
  'headStreamIds',
  'headCategories',
  'headVersions',
  'headHashes',
  'headUpdatedAt',
  'headPreviousVersions',
  'headsToMove',
  'recordKeys',
  'recordRequestHashes',
  'recordStreamIds',
  'recordVersions',
  'recordEventIds',
  'recordLastEventIds',
  'itemLastEventIds',
]);

/**
 * A group's writes in one statement, in this order: the heads (by stream id, so that batches
 * creating the same new streams queue on the first one rather than deadlock; a head moves only from
 * the version the batch locked or, for a new stream, if nobody created it meanwhile), then the events
 * (only if every head moved: the count in their WHERE makes the heads insert run first), then the
 * idempotency records with the position of each item's last event. Returns that position for each
 * item, no rows when a head did not move.
 */
const appendGroupSql = (guard: (moved: string, expected: string) => string): string => {
  const { $ } = GROUP;
  return `
  WITH moved AS (
    SELECT * FROM unnest(${$('headStreamIds')}::text[], ${$('headCategories')}::text[], ${$('headVersions')}::int[], ${$('headHashes')}::text[], ${$('headUpdatedAt')}::timestamptz[], ${$('headPreviousVersions')}::int[])
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
    FROM unnest(${$('eventIds')}::uuid[], ${$('eventStreamIds')}::text[], ${$('eventCategories')}::text[], ${$('eventVersions')}::int[], ${$('eventTypes')}::text[], ${$('eventSchemaVersions')}::int[], ${$('eventData')}::text[], ${$('eventMetadata')}::text[],
                ${$('eventOccurredAt')}::timestamptz[], ${$('eventRecordedAt')}::timestamptz[], ${$('eventPrevHashes')}::text[], ${$('eventHashes')}::text[])
         WITH ORDINALITY AS r(event_id, stream_id, category, version, type, schema_version, data, metadata,
                              occurred_at, recorded_at, prev_hash, hash, ord)
    WHERE ${guard('(SELECT count(*) FROM heads)', $('headsToMove'))}
    ORDER BY r.ord
    RETURNING event_id, position
  ),
  idem AS (
    INSERT INTO idempotency_keys (key, request_hash, status, response)
    SELECT k.key, k.request_hash, 201, jsonb_build_object('streamId', k.stream_id, 'streamVersion', k.version,
           'eventIds', k.event_ids::jsonb, 'position', ins.position::text)
    FROM unnest(${$('recordKeys')}::text[], ${$('recordRequestHashes')}::text[], ${$('recordStreamIds')}::text[], ${$('recordVersions')}::int[], ${$('recordEventIds')}::text[], ${$('recordLastEventIds')}::uuid[])
         AS k(key, request_hash, stream_id, version, event_ids, last_event_id)
    JOIN ins ON ins.event_id = k.last_event_id
    RETURNING 1
  )
  SELECT l.item::int AS item, ins.position::text AS position
  FROM unnest(${$('itemLastEventIds')}::uuid[]) WITH ORDINALITY AS l(event_id, item) JOIN ins ON ins.event_id = l.event_id`;
};

const APPEND_GROUP_STATEMENTS = {
  /** For a transaction on locked heads: no events unless every head moved (the caller rolls back). */
  locked: { name: 'lotstream_append_many_locked', text: appendGroupSql((moved, expected) => `${moved} = ${expected}`) },
  /** For one statement on unlocked heads: the statement fails (HEADS_MOVED) unless every head moved (AppendGroupGuard). */
  unlocked: { name: 'lotstream_append_group', text: appendGroupSql((moved, expected) => `lotstream_heads_moved(${moved}, ${expected})`) },
};

/** The SQLSTATE lotstream_heads_moved raises when a head of an unlocked group write did not move. */
export const HEADS_MOVED = 'LSH01';

/** The statement of a group write; its rows: `item` (1-based) and `position` of each written item. */
export function appendGroupQuery(heads: 'locked' | 'unlocked', p: AppendGroupParameters): QueryConfig {
  return {
    ...APPEND_GROUP_STATEMENTS[heads],
    values: GROUP.values({
      eventIds: columnOf(p.events, 'eventId'),
      eventStreamIds: columnOf(p.events, 'streamId'),
      eventCategories: columnOf(p.events, 'category'),
      eventVersions: columnOf(p.events, 'version'),
      eventTypes: columnOf(p.events, 'type'),
      eventSchemaVersions: columnOf(p.events, 'schemaVersion'),
      eventData: columnOf(p.events, 'data'),
      eventMetadata: columnOf(p.events, 'metadata'),
      eventOccurredAt: columnOf(p.events, 'occurredAt'),
      eventRecordedAt: columnOf(p.events, 'recordedAt'),
      eventPrevHashes: columnOf(p.events, 'prevHash'),
      eventHashes: columnOf(p.events, 'hash'),
      headStreamIds: columnOf(p.heads, 'streamId'),
      headCategories: columnOf(p.heads, 'category'),
      headVersions: columnOf(p.heads, 'version'),
      headHashes: columnOf(p.heads, 'headHash'),
      headUpdatedAt: columnOf(p.heads, 'updatedAt'),
      headPreviousVersions: columnOf(p.heads, 'previous'),
      headsToMove: p.heads.length,
      recordKeys: columnOf(p.records, 'key'),
      recordRequestHashes: columnOf(p.records, 'requestHash'),
      recordStreamIds: columnOf(p.records, 'streamId'),
      recordVersions: columnOf(p.records, 'version'),
      recordEventIds: columnOf(p.records, 'eventIds'),
      recordLastEventIds: columnOf(p.records, 'lastEventId'),
      itemLastEventIds: p.lastEventIdOfItems,
    }),
  };
}
