import type { Pool } from 'pg';
import { recordedEventOfRow, type EventRow, type EventStore, type RecordedEvent } from '@lotstream/event-store';
import { firstArticleDue, FirstArticleDue } from './first-article-due/first-article-due';
import { formFactsFromEvents, partFactsFromEvents, StoredFact } from './first-article-facts/first-article-facts';
import { assembleFirstArticle, FirstArticleForms } from './first-article-form/first-article-form';

/** The event types partFactsFromEvents turns into the FAI-due rule's facts. */
const PART_FACT_TYPES = ['LotRegistered', 'ProductionStepCompleted', 'MaterialConsumed', 'FirstArticleApproved'];

/** A production lot registration of the part ($1) at the sites ($2: all, or $3): the same test in every clause below. */
const PART_LOT = (alias: string) =>
  `${alias}.type = 'LotRegistered' AND ${alias}.data->>'partNumber' = $1 AND ${alias}.data->>'kind' <> 'material'
   AND ($2::boolean OR ${alias}.data->>'siteId' = ANY($3::text[]))`;

/**
 * The part's first-article status when nothing was approved, in one statement: the stream of the
 * part's first registered lot (by position, through events_lot_registered_part), whether any lot of
 * the part was registered late (its LotRegistered is not its stream's version 1, through the nearly
 * empty events_lot_registered_late_part), whether any approval sits on a stream opened by a
 * registration of the part (through events_first_article_approved_stream), and — only when neither —
 * the LotRegistered events of that first stream. No row: the caller sees no lot of the part.
 *
 * Why the approval test may look at version 1 only: when no lot of the part was registered late,
 * every registration of the part is its stream's version 1, so "an approval on a stream of the part's
 * lots" is "an approval on a stream whose version 1 is a registration of the part"; when one was, the
 * caller falls back to every fact whatever the flag says.
 */
const STATUS_SQL = `
  WITH first_lot AS (
    SELECT r.stream_id FROM events r WHERE ${PART_LOT('r')} ORDER BY r.position LIMIT 1
  ), flags AS (
    SELECT EXISTS (SELECT 1 FROM events r WHERE ${PART_LOT('r')} AND r.stream_version <> 1) AS late,
           EXISTS (SELECT 1 FROM events a JOIN events r ON r.stream_id = a.stream_id AND r.stream_version = 1
                    WHERE a.type = 'FirstArticleApproved' AND ${PART_LOT('r')}) AS approved
  )
  SELECT f.stream_id AS first_stream, flags.late, flags.approved,
         e.position::text AS position, e.transaction_id::text AS transaction_id, e.event_id, e.stream_id, e.stream_category,
         e.stream_version, e.type, e.schema_version, e.data, e.metadata, e.occurred_at, e.recorded_at, e.prev_hash, e.hash, e.hash_version
    FROM first_lot f CROSS JOIN flags
    LEFT JOIN events e ON e.stream_id = f.stream_id AND e.type = 'LotRegistered' AND NOT flags.late AND NOT flags.approved
   ORDER BY e.stream_version`;

/** Consumption chains deeper than this are not walked for Form 2 (a lot's genealogy is shallow in practice). */
const MAX_DEPTH = 50;

/** The columns of an events row as the store's readers select them (recordedEventOfRow maps them). */
const EVENT_COLUMNS = `e.position::text AS position, e.transaction_id::text AS transaction_id, e.event_id, e.stream_id, e.stream_category,
  e.stream_version, e.type, e.schema_version, e.data, e.metadata, e.occurred_at, e.recorded_at, e.prev_hash, e.hash, e.hash_version`;

/**
 * The event types Form 2 reads of the lots reached backward (formFactsFromEvents → materialsBackward:
 * the registration, the consumptions it walks on, IQC inspections, receiving inspections and the
 * use-as-is dispositions receivingStandingOf folds). A type materialsBackward starts to read must be added here.
 */
const WALKED_TYPES = ['LotRegistered', 'MaterialConsumed', 'InspectionRecorded', 'ReceivingInspectionRecorded', 'NonconformanceDispositioned'];

/**
 * The lots reached backward from a lot ($1) through MaterialConsumed, up to $2 levels, in one
 * statement: the events of WALKED_TYPES of every lot at most $2 consumptions away, by stream and
 * version. The set is the one the level-by-level walk reads (every stream within $2 levels; UNION
 * keeps each stream once per depth, so a cycle or a diamond ends). The walk follows the stored
 * inputLotNumber: MaterialConsumed has no upcaster (one that changed it would have to be applied here).
 */
const WALK_SQL = `
  WITH RECURSIVE walk(stream_id, depth) AS (
    SELECT 'lot-' || (c.data->>'inputLotNumber'), 1 FROM events c WHERE c.stream_id = $1 AND c.type = 'MaterialConsumed'
    UNION
    SELECT 'lot-' || (c.data->>'inputLotNumber'), w.depth + 1
      FROM walk w JOIN events c ON c.stream_id = w.stream_id AND c.type = 'MaterialConsumed'
     WHERE w.depth < $2
  )
  SELECT ${EVENT_COLUMNS} FROM events e
   WHERE e.stream_id IN (SELECT stream_id FROM walk) AND e.type = ANY($3::text[])
   ORDER BY e.stream_id, e.stream_version`;

/** The stream of the part's ($1) latest promoted prototype build, whole, by version (none: no rows). */
const PROTOTYPE_SQL = `
  SELECT ${EVENT_COLUMNS} FROM events e
   WHERE e.stream_id = (SELECT p.stream_id FROM events p WHERE p.type = 'PrototypePromoted' AND p.data->>'partNumber' = $1 ORDER BY p.position DESC LIMIT 1)
   ORDER BY e.stream_version`;

/** The event types inspectionFacts reads of a gauge's stream: its calibrations and its gauge R&R studies. */
const GAUGE_TYPES = ['CalibrationRecorded', 'MsaStudyRecorded'];

const asFact = (event: RecordedEvent): StoredFact => ({
  eventId: event.eventId,
  type: event.type,
  streamId: event.streamId,
  position: event.position,
  occurredAt: event.occurredAt,
  data: event.data,
});

/**
 * First article answers read straight from the event store (the streams of the part's lots, the
 * material lots they consumed, the promoted build and the gauges): the forms are an audit document,
 * so they are assembled from the record itself rather than from a read model that may lag.
 */
export class FirstArticleQuery {
  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
  ) {}

  /** Rows of EVENT_COLUMNS → facts, as readStreams maps and upcasts them. */
  private factsOf(rows: EventRow[]): StoredFact[] {
    return rows.map((row) => asFact(this.store.upcast(recordedEventOfRow(row))));
  }

  private async streams(streamIds: string[], types?: readonly string[]): Promise<Map<string, StoredFact[]>> {
    const unique = [...new Set(streamIds)];
    const read = unique.length === 0 ? new Map<string, RecordedEvent[]>() : await this.store.readStreams(unique, types ? { types } : {});
    return new Map([...read].map(([id, events]) => [id, events.map(asFact)]));
  }

  /**
   * The part's production lots at the given sites (all for `*`), in store order: each lot stream with
   * the version its LotRegistered stands at (through the index on LotRegistered by part number).
   */
  private async productionLots(partNumber: string, sites: readonly string[]): Promise<Array<{ streamId: string; version: number }>> {
    const all = sites.includes('*');
    const { rows } = await this.pool.query(
      `SELECT stream_id, stream_version FROM events
        WHERE type = 'LotRegistered' AND data->>'partNumber' = $1 AND data->>'kind' <> 'material'
          AND ($2::boolean OR data->>'siteId' = ANY($3::text[]))
        ORDER BY position`,
      [partNumber, all, [...sites]],
    );
    return rows.map((r: { stream_id: string; stream_version: number }) => ({ streamId: r.stream_id, version: r.stream_version }));
  }

  /** Whether any of the lot streams holds a first article approval (through the index on approvals by stream). */
  private async anyApproval(lotStreams: string[]): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT 1 FROM events WHERE type = 'FirstArticleApproved' AND stream_id = ANY($1::text[]) LIMIT 1`, [lotStreams]);
    return rows.length > 0;
  }

  private static consumedLots(events: Iterable<StoredFact>): string[] {
    return [...events].filter((e) => e.type === 'MaterialConsumed').map((e) => `lot-${e.data.inputLotNumber}`);
  }

  /**
   * Whether a new FAI is due for the part at the caller's sites; null when the caller sees no lot of it.
   *
   * With no approval on any of the part's lots, firstArticleDue answers from one fact alone: the
   * part's first production fact (no-approved-first-article, caused by it). When every lot's stream
   * opens with its LotRegistered (version 1), that fact is the LotRegistered of the lot registered
   * first — a stream's later versions are appended after it — so only that event is read, in the
   * same statement that finds the lot and checks both conditions (STATUS_SQL). Otherwise the rule
   * walks every fact of the part's lots, read by the event types it takes (statusFromLots).
   */
  async status(partNumber: string, sites: readonly string[]): Promise<FirstArticleDue | null> {
    const { rows } = await this.pool.query(STATUS_SQL, [partNumber, sites.includes('*'), [...sites]]);
    if (rows.length === 0) return null;
    if (rows[0].late || rows[0].approved) return this.statusFromLots(partNumber, sites);
    const first = rows.filter((row: EventRow) => row.event_id !== null).map((row: EventRow) => asFact(this.store.upcast(recordedEventOfRow(row))));
    return firstArticleDue(
      partFactsFromEvents(
        first,
        () => null,
        () => true,
      ),
    );
  }

  /**
   * The same answer from the list of the part's lots (the path before STATUS_SQL, kept for a part
   * with a late registration or an approval): the one-fact answer when every lot opens its stream and
   * none holds an approval, else the rule over every fact.
   */
  async statusFromLots(partNumber: string, sites: readonly string[]): Promise<FirstArticleDue | null> {
    const lots = await this.productionLots(partNumber, sites);
    if (lots.length === 0) return null;
    const lotStreams = [...new Set(lots.map((lot) => lot.streamId))];
    const machine = () => true;
    if (lots.every((lot) => lot.version === 1) && !(await this.anyApproval(lotStreams))) {
      const first = (await this.streams([lots[0].streamId], ['LotRegistered'])).get(lots[0].streamId) ?? [];
      return firstArticleDue(partFactsFromEvents(first, () => null, machine));
    }
    return this.statusFromEveryFact(lotStreams);
  }

  /** The rule over every fact of the lots: their registrations, steps, consumptions and approvals, with the inputs' suppliers and the machines. */
  private async statusFromEveryFact(lotStreams: string[]): Promise<FirstArticleDue> {
    const read = await this.streams(lotStreams, PART_FACT_TYPES);
    const lotEvents = lotStreams.flatMap((id) => read.get(id) ?? []);
    const inputs = await this.streams(FirstArticleQuery.consumedLots(lotEvents), ['LotRegistered']);
    const equipmentIds = lotEvents.filter((e) => e.type === 'ProductionStepCompleted').flatMap((e) => e.data.equipmentIds as string[]);
    const equipment = await this.streams(
      equipmentIds.map((id) => `equipment-${id}`),
      ['EquipmentRegistered'],
    );
    const supplierOf = (lotNumber: string) => inputs.get(`lot-${lotNumber}`)?.[0]?.data.supplier ?? null;
    // Equipment not registered as a gauge counts as a machine: an unknown id is a process change too.
    const isMachine = (id: string) => equipment.get(`equipment-${id}`)?.[0]?.data.kind !== 'gauge';
    return firstArticleDue(partFactsFromEvents(lotEvents, supplierOf, isMachine));
  }

  /** The lot's AS9102 forms; null when the lot is unknown or a material lot. */
  async forms(lotNumber: string): Promise<{ forms: FirstArticleForms; siteId: string } | null> {
    const lotEvents = (await this.streams([`lot-${lotNumber}`])).get(`lot-${lotNumber}`) ?? [];
    const registered = lotEvents.find((e) => e.type === 'LotRegistered');
    if (!registered || registered.data.kind === 'material') return null;
    const partNumber: string = registered.data.partNumber;

    // Independent of one another, so asked together: the lots reached backward (one recursive
    // statement instead of one read per level), the promoted build, and the part's status — an
    // approved lot's forms carry its approval's type; only an unapproved one needs the part's status.
    const approvedHere = lotEvents.find((e) => e.type === 'FirstArticleApproved');
    const [walked, prototypeEvents, status] = await Promise.all([
      this.pool.query(WALK_SQL, [`lot-${lotNumber}`, MAX_DEPTH, WALKED_TYPES]).then(({ rows }) => this.factsOf(rows)),
      this.pool.query(PROTOTYPE_SQL, [partNumber]).then(({ rows }) => this.factsOf(rows)),
      approvedHere ? null : this.status(partNumber, ['*']),
    ]);
    const reached = new Map<string, StoredFact[]>();
    for (const event of walked) {
      const events = reached.get(event.streamId);
      if (events) events.push(event);
      else reached.set(event.streamId, [event]);
    }
    const gauges = [...lotEvents, ...prototypeEvents].filter((e) => e.type.endsWith('InspectionRecorded')).map((e) => `equipment-${e.data.gaugeId}`);
    const equipment = await this.streams(gauges, GAUGE_TYPES);

    // The type and reason: what the part's status says as of the facts before this lot's approval.
    const faiType = approvedHere ? approvedHere.data.type : (status?.suggestedType ?? 'full');
    const reason = approvedHere ? undefined : status?.reasons.map((r) => r.detail).join('; ') || undefined;

    const facts = formFactsFromEvents({
      lotEvents,
      lotStreams: new Map([...reached].map(([id, events]) => [id.replace(/^lot-/, ''), events])),
      prototypeEvents,
      equipmentStreams: new Map([...equipment].map(([id, events]) => [id.replace(/^equipment-/, ''), events])),
      faiType,
      ...(reason ? { reason } : {}),
    });
    return facts ? { forms: assembleFirstArticle(facts), siteId: registered.data.siteId } : null;
  }
}
