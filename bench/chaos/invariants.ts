/**
 * What must hold after a fault (issue 21), checked on the store a load ran against:
 *
 * - every acknowledged command is in the store exactly once (not missing, not stored twice);
 * - every published event is applied exactly once to the read models (none never applied, none
 *   applied that the store does not hold), and the read models equal a from-scratch rebuild,
 *   table for table;
 * - per stream, a consumer of the event topics saw versions in order with no gap (duplicates are
 *   allowed and counted).
 *
 * The pure parts (matching acknowledgements with stored rows, the order of observed versions) are
 * functions of plain data; checkInvariants() reads the database and runs them.
 */
import { Pool } from 'pg';
import { streamCategoryOf } from '@lotstream/event-store';
import { READ_MODEL_SCHEMA, topicOf, type ReadModel } from '@lotstream/messaging';
import { ALL_READ_MODELS } from '@lotstream/schema';
import { replayInto } from '../dataset';
import { tableDifference } from '../table-difference';

// ---------------------------------------------------------------------------------------------
// Inputs

/** One command a load driver sent and what the service answered it. */
export interface AcknowledgedCommand {
  /** The idempotency key it was sent with (HTTP Idempotency-Key, a batch item's or a Kafka command's idempotencyKey). */
  idempotencyKey: string;
  /** The API key id that sent it (events record it as metadata.actor.keyId); without it keys match across API keys. */
  keyId?: string;
  /** The answer's status: 201 (or 200) acknowledges; anything else does not, and the command may be absent. */
  status: number;
  /** Event ids the answer named, when it named them (each must be in the store). */
  eventIds?: string[];
}

/** One event message a consumer of the event topics received. */
export interface ObservedVersion {
  topic: string;
  partition: number;
  offset: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
}

/** The store's events of one command (idempotency key and API key): how many appends carried them. */
export interface StoredCommand {
  idempotencyKey: string;
  keyId: string | null;
  transactions: number;
  eventIds: string[];
}

// ---------------------------------------------------------------------------------------------
// Report

export interface CommandFindings {
  /** Commands answered with a 2xx status. */
  acknowledged: number;
  /** Commands answered otherwise (not required to be in the store). */
  unacknowledged: number;
  /** Acknowledged, and nothing of them is in the store (or an event id the answer named is not). */
  missing: string[];
  /** Acknowledged, and the store holds their events from more than one append. */
  storedMoreThanOnce: string[];
}

export interface ReadModelFindings {
  schema: string;
  /** Events the relay publishes that the read models never applied. */
  neverApplied: number;
  /** Applied event ids the store does not hold. */
  appliedUnknown: number;
  /** Schema the read models were rebuilt into from scratch (kept when keepReference). */
  reference?: string;
  /** Per read-model table, rows that differ from the rebuild (both directions); all 0 when equal. */
  tables: Array<{ model: string; table: string; differingRows: number }>;
}

export interface StreamOrderFindings {
  /** Messages received. */
  observed: number;
  streams: number;
  /** Messages received again (same event id): allowed, counted. */
  duplicates: number;
  /** A version received after a higher one of the same stream and topic (first copies only). */
  outOfOrder: Array<{ streamId: string; topic: string; version: number; after: number }>;
  /** A version received whose predecessor (on that stream and topic) had not been received. */
  gaps: Array<{ streamId: string; topic: string; after: number; version: number }>;
  /** Published versions never received (stream, topic, versions); only when the store's published versions are known. */
  missing: Array<{ streamId: string; topic: string; versions: number[] }>;
}

export interface InvariantReport {
  commands: CommandFindings;
  readModels?: ReadModelFindings;
  streams?: StreamOrderFindings;
  /** Lost: acknowledged commands missing + published events never applied + published versions never received. */
  lost: number;
  /** Duplicated: commands stored more than once + applied event ids the store does not hold. */
  duplicated: number;
  /** Read-model rows that differ from the from-scratch rebuild (what a loss or a double application leaves). */
  differingRows: number;
  /** Gaps and versions out of order in what the consumer saw. */
  orderViolations: number;
  /** Nothing lost, duplicated, differing or out of order. */
  ok: boolean;
  /** One line per finding, for a log or the reliability table's notes. */
  summary: string[];
}

// ---------------------------------------------------------------------------------------------
// Pure parts

function commandKey(idempotencyKey: string, keyId: string | null | undefined): string {
  return keyId ? `${keyId}:${idempotencyKey}` : idempotencyKey;
}

function isAcknowledged(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * Matches the load driver's acknowledgements with the store's rows. A command retried after a lost
 * answer is recorded more than once by the driver: one acknowledgement is enough. A command with
 * events from two appends was stored twice (a retry that the idempotency key did not catch).
 */
export function checkCommands(acknowledged: readonly AcknowledgedCommand[], stored: readonly StoredCommand[]): CommandFindings {
  const byKey = new Map<string, StoredCommand[]>();
  for (const row of stored) {
    for (const key of [commandKey(row.idempotencyKey, row.keyId), row.idempotencyKey]) {
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key)!.push(row);
    }
  }
  const acked = new Map<string, AcknowledgedCommand[]>();
  let unacknowledged = 0;
  for (const command of acknowledged) {
    if (!isAcknowledged(command.status)) {
      unacknowledged++;
      continue;
    }
    const key = commandKey(command.idempotencyKey, command.keyId);
    if (!acked.has(key)) acked.set(key, []);
    acked.get(key)!.push(command);
  }
  const missing: string[] = [];
  const twice: string[] = [];
  for (const [key, answers] of acked) {
    const rows = byKey.get(key) ?? [];
    const eventIds = new Set(rows.flatMap((r) => r.eventIds));
    const named = answers.flatMap((a) => a.eventIds ?? []);
    if (rows.length === 0 || named.some((id) => !eventIds.has(id))) missing.push(key);
    if (rows.reduce((n, r) => n + r.transactions, 0) > 1) twice.push(key);
  }
  // Some acknowledgements may have been refused on a retry (409 for the key's first answer, say):
  // a key acknowledged once counts as acknowledged.
  return { acknowledged: acked.size, unacknowledged, missing: missing.sort(), storedMoreThanOnce: twice.sort() };
}

/**
 * The order of observed versions, per stream and topic (a stream keeps its order within a topic;
 * a lot's production and quality topics interleave freely). `published`, when given, is the store's
 * published versions per `streamId topic` in order: a gap is then a version received whose published
 * predecessor had not been, and versions never received are listed. Without it, a stream's versions
 * are taken to be 1, 2, 3… on each topic, so only the union over its topics is checked for holes.
 */
export function checkStreamOrder(observed: readonly ObservedVersion[], published?: ReadonlyMap<string, readonly number[]>): StreamOrderFindings {
  const seen = new Set<string>();
  const firsts = new Map<string, { streamId: string; topic: string; versions: number[] }>();
  let duplicates = 0;
  for (const message of observed) {
    if (seen.has(message.eventId)) {
      duplicates++;
      continue;
    }
    seen.add(message.eventId);
    const key = `${message.streamId} ${message.topic}`;
    if (!firsts.has(key)) firsts.set(key, { streamId: message.streamId, topic: message.topic, versions: [] });
    firsts.get(key)!.versions.push(message.streamVersion);
  }
  const outOfOrder: StreamOrderFindings['outOfOrder'] = [];
  const gaps: StreamOrderFindings['gaps'] = [];
  const missing: StreamOrderFindings['missing'] = [];
  for (const [key, { streamId, topic, versions }] of firsts) {
    let highest = 0;
    for (const version of versions) {
      if (version < highest) outOfOrder.push({ streamId, topic, version, after: highest });
      highest = Math.max(highest, version);
    }
    const expected = published?.get(key);
    if (expected) {
      const received = new Set(versions);
      const predecessor = new Map<number, number>(expected.map((v, i) => [v, i === 0 ? 0 : expected[i - 1]]));
      const got = new Set<number>();
      for (const version of versions) {
        const before = predecessor.get(version);
        if (before !== undefined && before !== 0 && !got.has(before)) gaps.push({ streamId, topic, after: before, version });
        got.add(version);
      }
      const never = expected.filter((v) => !received.has(v));
      if (never.length > 0) missing.push({ streamId, topic, versions: never });
    }
  }
  if (published) {
    for (const [key, versions] of published) {
      if (firsts.has(key) || versions.length === 0) continue;
      const [streamId, topic] = key.split(' ');
      missing.push({ streamId, topic, versions: [...versions] });
    }
  } else {
    // Without the store's list: a stream's versions over all its topics must run 1..max.
    const byStream = new Map<string, Set<number>>();
    for (const { streamId, versions } of firsts.values()) {
      if (!byStream.has(streamId)) byStream.set(streamId, new Set());
      for (const v of versions) byStream.get(streamId)!.add(v);
    }
    for (const [streamId, versions] of byStream) {
      const max = Math.max(...versions);
      const holes = Array.from({ length: max }, (_, i) => i + 1).filter((v) => !versions.has(v));
      if (holes.length > 0) missing.push({ streamId, topic: '*', versions: holes });
    }
  }
  const streams = new Set([...firsts.values()].map((f) => f.streamId)).size;
  return { observed: observed.length, streams, duplicates, outOfOrder, gaps, missing };
}

/** Totals and one line per finding. */
export function summarize(commands: CommandFindings, readModels?: ReadModelFindings, streams?: StreamOrderFindings): InvariantReport {
  const summary: string[] = [];
  const missingVersions = streams ? streams.missing.reduce((n, m) => n + m.versions.length, 0) : 0;
  const differing = readModels ? readModels.tables.reduce((n, t) => n + t.differingRows, 0) : 0;
  const lost = commands.missing.length + (readModels?.neverApplied ?? 0) + missingVersions;
  const duplicated = commands.storedMoreThanOnce.length + (readModels?.appliedUnknown ?? 0);
  const orderViolations = streams ? streams.gaps.length + streams.outOfOrder.length : 0;
  summary.push(`commands: ${commands.acknowledged} acknowledged, ${commands.unacknowledged} answers not acknowledged`);
  if (commands.missing.length > 0)
    summary.push(`LOST: ${commands.missing.length} acknowledged commands not in the store (${commands.missing.slice(0, 5).join(', ')})`);
  if (commands.storedMoreThanOnce.length > 0) {
    summary.push(`DUPLICATED: ${commands.storedMoreThanOnce.length} commands stored more than once (${commands.storedMoreThanOnce.slice(0, 5).join(', ')})`);
  }
  if (readModels) {
    if (readModels.neverApplied > 0) summary.push(`LOST: ${readModels.neverApplied} published events never applied to ${readModels.schema}`);
    if (readModels.appliedUnknown > 0) summary.push(`DUPLICATED: ${readModels.appliedUnknown} applied events the store does not hold`);
    for (const t of readModels.tables.filter((t) => t.differingRows > 0)) {
      summary.push(`DIFFERS: ${readModels.schema}.${t.table} (${t.model}): ${t.differingRows} rows differ from the rebuild`);
    }
    if (differing === 0) summary.push(`read models: ${readModels.tables.length} tables equal to a from-scratch rebuild`);
  }
  if (streams) {
    summary.push(`streams: ${streams.observed} messages over ${streams.streams} streams, ${streams.duplicates} duplicates`);
    for (const g of streams.gaps.slice(0, 5)) summary.push(`GAP: ${g.streamId} on ${g.topic}: version ${g.version} received without ${g.after}`);
    for (const o of streams.outOfOrder.slice(0, 5)) summary.push(`OUT OF ORDER: ${o.streamId} on ${o.topic}: version ${o.version} after ${o.after}`);
    if (missingVersions > 0) summary.push(`LOST: ${missingVersions} published versions never received (${streams.missing.length} stream topics)`);
  }
  const ok = lost === 0 && duplicated === 0 && differing === 0 && orderViolations === 0;
  return { commands, readModels, streams, lost, duplicated, differingRows: differing, orderViolations, ok, summary };
}

// ---------------------------------------------------------------------------------------------
// On the database

export interface InvariantOptions {
  databaseUrl: string;
  acknowledged: readonly AcknowledgedCommand[];
  /** What a consumer of the event topics saw (TopicObserver.observed); the order check is skipped without it. */
  observed?: readonly ObservedVersion[];
  /** The topic name of each context (KafkaConnection.topics.events), to match observed topics with the store's. */
  eventTopics?: Readonly<Record<string, string>>;
  /** Read-model schema to check (default `rm`); false skips the read-model checks. */
  schema?: string | false;
  /** The read models the schema holds (default: every read model of the product). */
  readModels?: ReadModel[];
  /** Keep the rebuilt reference schema for a look (it is dropped by default). */
  keepReference?: boolean;
}

/** Every acknowledged command's events, grouped by idempotency key and API key. */
async function storedCommands(pool: Pool, keys: string[]): Promise<StoredCommand[]> {
  if (keys.length === 0) return [];
  const { rows } = await pool.query(
    `SELECT metadata->>'idempotencyKey' AS key, metadata->'actor'->>'keyId' AS key_id,
            count(DISTINCT transaction_id)::int AS transactions, array_agg(event_id::text) AS event_ids
       FROM events WHERE metadata->>'idempotencyKey' = ANY($1::text[])
      GROUP BY 1, 2`,
    [keys],
  );
  return rows.map((r) => ({ idempotencyKey: r.key, keyId: r.key_id, transactions: r.transactions, eventIds: r.event_ids }));
}

/** The published versions of every stream per topic name, in version order. */
async function publishedVersions(pool: Pool, eventTopics: Readonly<Record<string, string>>): Promise<Map<string, number[]>> {
  const published = new Map<string, number[]>();
  const { rows } = await pool.query(`SELECT stream_id, stream_version, type FROM events ORDER BY stream_id, stream_version`);
  for (const row of rows) {
    const topic = topicOf(row.type, streamCategoryOf(row.stream_id));
    if (!topic) continue;
    const key = `${row.stream_id} ${eventTopics[topic]}`;
    if (!published.has(key)) published.set(key, []);
    published.get(key)!.push(row.stream_version);
  }
  return published;
}

async function checkReadModels(pool: Pool, schema: string, readModels: ReadModel[], keepReference: boolean): Promise<ReadModelFindings> {
  const { rows: publishedRows } = await pool.query(`SELECT event_id::text AS id, type, stream_category FROM events`);
  const publishedIds = publishedRows.filter((r) => topicOf(r.type, r.stream_category)).map((r) => r.id as string);
  const { rows: applied } = await pool.query(`SELECT event_id::text AS id FROM ${schema}.applied_events`);
  const appliedIds = new Set(applied.map((r) => r.id as string));
  const storedIds = new Set(publishedRows.map((r) => r.id as string));
  const neverApplied = publishedIds.filter((id) => !appliedIds.has(id)).length;
  const appliedUnknown = [...appliedIds].filter((id) => !storedIds.has(id)).length;
  // From scratch: the store replayed into a fresh schema by the product's runner, page by page in
  // safe order (the reference bench/store-scale.bench.ts compares a rebuild with).
  const reference = `${schema}_check_${process.pid}`;
  await pool.query(`DROP SCHEMA IF EXISTS ${reference} CASCADE`);
  const tables: ReadModelFindings['tables'] = [];
  try {
    await replayInto(pool, reference, { readModels });
    for (const model of readModels) {
      for (const table of model.tables) tables.push({ model: model.name, table, differingRows: await tableDifference(pool, schema, reference, table) });
    }
  } finally {
    if (!keepReference) await pool.query(`DROP SCHEMA IF EXISTS ${reference} CASCADE`);
  }
  return { schema, neverApplied, appliedUnknown, reference: keepReference ? reference : undefined, tables };
}

/**
 * Reads the store at `databaseUrl` and reports every invariant. Run it once the load has stopped and
 * the relay and projectors have caught up (events not yet applied count as never applied).
 */
export async function checkInvariants(options: InvariantOptions): Promise<InvariantReport> {
  const pool = new Pool({ connectionString: options.databaseUrl, max: 4 });
  try {
    const keys = [...new Set(options.acknowledged.filter((c) => isAcknowledged(c.status)).map((c) => c.idempotencyKey))];
    const commands = checkCommands(options.acknowledged, await storedCommands(pool, keys));
    const schema = options.schema === undefined ? READ_MODEL_SCHEMA : options.schema;
    const readModels =
      schema === false ? undefined : await checkReadModels(pool, schema, options.readModels ?? ALL_READ_MODELS, options.keepReference ?? false);
    let streams: StreamOrderFindings | undefined;
    if (options.observed) {
      const published = options.eventTopics ? await publishedVersions(pool, options.eventTopics) : undefined;
      streams = checkStreamOrder(options.observed, published);
    }
    return summarize(commands, readModels, streams);
  } finally {
    await pool.end();
  }
}
