import type { Pool } from 'pg';
import type { EventStore, RecordedEvent } from '@lotstream/event-store';
import { firstArticleDue, FirstArticleDue } from './first-article-due/first-article-due';
import { formFactsFromEvents, partFactsFromEvents, StoredFact } from './first-article-facts/first-article-facts';
import { assembleFirstArticle, FirstArticleForms } from './first-article-form/first-article-form';

/** Consumption chains deeper than this are not walked for Form 2 (a lot's genealogy is shallow in practice). */
const MAX_DEPTH = 50;

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

  private async streams(streamIds: string[]): Promise<Map<string, StoredFact[]>> {
    const read = streamIds.length === 0 ? new Map<string, RecordedEvent[]>() : await this.store.readStreams([...new Set(streamIds)]);
    return new Map([...read].map(([id, events]) => [id, events.map(asFact)]));
  }

  /** Lot streams of the part's production lots at the given sites (all for `*`). */
  private async productionLotStreams(partNumber: string, sites: readonly string[]): Promise<string[]> {
    const all = sites.includes('*');
    const { rows } = await this.pool.query(
      `SELECT stream_id FROM events
        WHERE type = 'LotRegistered' AND data->>'partNumber' = $1 AND data->>'kind' <> 'material'
          AND ($2::boolean OR data->>'siteId' = ANY($3::text[]))
        ORDER BY position`,
      [partNumber, all, [...sites]],
    );
    return rows.map((r: { stream_id: string }) => r.stream_id);
  }

  private async promotionStream(partNumber: string): Promise<string | null> {
    const { rows } = await this.pool.query(
      `SELECT stream_id FROM events WHERE type = 'PrototypePromoted' AND data->>'partNumber' = $1 ORDER BY position DESC LIMIT 1`,
      [partNumber],
    );
    return rows[0]?.stream_id ?? null;
  }

  private static consumedLots(events: Iterable<StoredFact>): string[] {
    return [...events].filter((e) => e.type === 'MaterialConsumed').map((e) => `lot-${e.data.inputLotNumber}`);
  }

  /** Whether a new FAI is due for the part at the caller's sites; null when the caller sees no lot of it. */
  async status(partNumber: string, sites: readonly string[]): Promise<FirstArticleDue | null> {
    const lotStreams = await this.streams(await this.productionLotStreams(partNumber, sites));
    if (lotStreams.size === 0) return null;
    const lotEvents = [...lotStreams.values()].flat();
    const inputs = await this.streams(FirstArticleQuery.consumedLots(lotEvents));
    const equipmentIds = lotEvents.filter((e) => e.type === 'ProductionStepCompleted').flatMap((e) => e.data.equipmentIds as string[]);
    const equipment = await this.streams(equipmentIds.map((id) => `equipment-${id}`));
    const supplierOf = (lotNumber: string) => inputs.get(`lot-${lotNumber}`)?.find((e) => e.type === 'LotRegistered')?.data.supplier ?? null;
    // Equipment not registered as a gauge counts as a machine: an unknown id is a process change too.
    const isMachine = (id: string) => equipment.get(`equipment-${id}`)?.find((e) => e.type === 'EquipmentRegistered')?.data.kind !== 'gauge';
    return firstArticleDue(partFactsFromEvents(lotEvents, supplierOf, isMachine));
  }

  /** The lot's AS9102 forms; null when the lot is unknown or a material lot. */
  async forms(lotNumber: string): Promise<{ forms: FirstArticleForms; siteId: string } | null> {
    const lotEvents = (await this.streams([`lot-${lotNumber}`])).get(`lot-${lotNumber}`) ?? [];
    const registered = lotEvents.find((e) => e.type === 'LotRegistered');
    if (!registered || registered.data.kind === 'material') return null;
    const partNumber: string = registered.data.partNumber;

    // Walk backward through consumptions, one read per level.
    const reached = new Map<string, StoredFact[]>();
    let frontier = FirstArticleQuery.consumedLots(lotEvents);
    for (let depth = 0; frontier.length > 0 && depth < MAX_DEPTH; depth++) {
      const level = await this.streams(frontier.filter((id) => !reached.has(id)));
      level.forEach((events, id) => reached.set(id, events));
      frontier = FirstArticleQuery.consumedLots([...level.values()].flat()).filter((id) => !reached.has(id));
    }
    const promotion = await this.promotionStream(partNumber);
    const prototypeEvents = promotion ? ((await this.streams([promotion])).get(promotion) ?? []) : [];
    const gauges = [...lotEvents, ...prototypeEvents].filter((e) => e.type.endsWith('InspectionRecorded')).map((e) => `equipment-${e.data.gaugeId}`);
    const equipment = await this.streams(gauges);

    // The type and reason: what the part's status says as of the facts before this lot's approval.
    const status = await this.status(partNumber, ['*']);
    const approvedHere = lotEvents.find((e) => e.type === 'FirstArticleApproved');
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
