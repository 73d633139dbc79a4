import type { CalibrationTerms, DocumentRecord, PersonRecord } from '@lotstream/domain';
import { documentOf, documentStreamId, revisionClaimOf, revisionClaimStreamId } from '@lotstream/documents';
import { equipmentOf, equipmentStreamId } from '@lotstream/metrology';
import { personOf, personStreamId } from '@lotstream/personnel';
import { lotStreamId } from '@lotstream/production/domain';
import type { StreamView } from '@lotstream/recording';
import type { ReleaseGateRecords } from './work-condition-gates';

type StreamEvent = { type: string; data: Record<string, unknown> };

/**
 * How many lots the backward walk of a release reads (the lot included). A forward hold reaches up
 * to 10,000 lots; a release reads the same bound backward, and says so when the genealogy is larger
 * (the material gate then answers unknown rather than passing on what it did not read).
 */
export const RELEASE_WALK_MAX_LOTS = 10_000;

const eventsOf = async (view: StreamView, streamId: string): Promise<StreamEvent[]> => (await view.load(streamId)).events as StreamEvent[];

/** Reads the streams ahead in one query where the view can (StoreView); the loads that follow then read nothing. */
const readAhead = async (view: StreamView, streamIds: Iterable<string>): Promise<void> => {
  if (view.prefetch) await view.prefetch(streamIds);
};

/** The equipment the lot's steps and inspections name. */
function equipmentIdsOf(events: readonly StreamEvent[]): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.type === 'ProductionStepCompleted') (e.data.equipmentIds as string[]).forEach((id) => ids.add(id));
    if (e.type === 'InspectionRecorded') ids.add(String(e.data.gaugeId));
  }
  return [...ids];
}

const stepsOf = (events: readonly StreamEvent[]) =>
  events.filter((e) => e.type === 'ProductionStepCompleted').map((e) => e.data as { operatorId: string; sopRevision: string });

async function equipmentRecords(view: StreamView, ids: readonly string[]): Promise<Map<string, CalibrationTerms[]>> {
  const out = new Map<string, CalibrationTerms[]>();
  await Promise.all(
    ids.map(async (id) => {
      const stream = await view.load(equipmentStreamId(id));
      if (!equipmentOf(stream).registered) return;
      out.set(
        id,
        stream.events.flatMap((event, index) =>
          event.type === 'CalibrationRecorded' ? [{ ...(event.data as Omit<CalibrationTerms, 'recorded'>), recorded: index + 1 }] : [],
        ),
      );
    }),
  );
  return out;
}

async function peopleAndDocuments(
  view: StreamView,
  operatorIds: readonly string[],
  revisionIds: readonly string[],
): Promise<Pick<ReleaseGateRecords, 'persons' | 'documents'>> {
  const persons = new Map<string, PersonRecord>();
  const documents = new Map<string, DocumentRecord>();
  const claims = new Map<string, ReturnType<typeof revisionClaimOf>>();
  await Promise.all([
    ...operatorIds.map(async (id) => {
      const person = personOf(await view.load(personStreamId(id)));
      if (person.registered) persons.set(id, person.record);
    }),
    ...revisionIds.map(async (revisionId) => claims.set(revisionId, revisionClaimOf(await view.load(revisionClaimStreamId(revisionId))))),
  ]);
  // The documents of every claimed revision, read together once the claims are known.
  const claimed = revisionIds.flatMap((revisionId) => {
    const claim = claims.get(revisionId);
    return claim ? [[revisionId, documentStreamId(claim.documentId)] as const] : [];
  });
  await readAhead(
    view,
    claimed.map(([, streamId]) => streamId),
  );
  await Promise.all(claimed.map(async ([revisionId, streamId]) => documents.set(revisionId, documentOf(await view.load(streamId)).record)));
  return { persons, documents };
}

/** The lots a lot's stream points back to: what it consumed, and the lot it was split from. */
const backwardOf = (events: readonly StreamEvent[]): string[] =>
  events.flatMap((e) =>
    e.type === 'MaterialConsumed'
      ? [String(e.data.inputLotNumber)]
      : e.type === 'LotRegistered' && typeof e.data.splitFrom === 'string'
        ? [e.data.splitFrom]
        : [],
  );

/** Walks backward from the lot level by level (consumptions and splits), reading each lot's stream once, a level's streams together. */
async function backwardLots(view: StreamView, lotNumber: string, events: readonly StreamEvent[]) {
  const lots = new Map<string, readonly StreamEvent[]>([[lotNumber, events]]);
  const missingLots: string[] = [];
  let frontier = [...new Set(backwardOf(events))].filter((lot) => !lots.has(lot));
  let walkTruncated = false;
  while (frontier.length > 0) {
    if (lots.size + frontier.length > RELEASE_WALK_MAX_LOTS) {
      walkTruncated = true;
      frontier = frontier.slice(0, Math.max(0, RELEASE_WALK_MAX_LOTS - lots.size));
    }
    await readAhead(view, frontier.map(lotStreamId));
    const level = await Promise.all(frontier.map(async (lot) => [lot, await eventsOf(view, lotStreamId(lot))] as const));
    const next = new Set<string>();
    for (const [lot, lotEvents] of level) {
      if (lotEvents.length === 0) missingLots.push(lot);
      lots.set(lot, lotEvents);
      for (const back of backwardOf(lotEvents)) if (!lots.has(back)) next.add(back);
    }
    frontier = walkTruncated ? [] : [...next];
  }
  return { lots, missingLots: missingLots.sort(), walkTruncated };
}

/**
 * Loads what the work-condition gates judge, from the streams themselves (the equipment, person,
 * revision and document streams the lot's steps and inspections name, and the lots behind it), so
 * the release decision and the readiness answer rest on the facts as stored, not on a read model.
 */
export async function loadReleaseGateRecords(view: StreamView, lotNumber: string, events: readonly StreamEvent[]): Promise<ReleaseGateRecords> {
  const equipmentIds = equipmentIdsOf(events);
  const steps = stepsOf(events);
  const operatorIds = [...new Set(steps.map((s) => s.operatorId))];
  const revisionIds = [...new Set(steps.map((s) => s.sopRevision))];
  // The equipment, person and revision streams the lot names, read together; the walk reads its levels meanwhile.
  const named = readAhead(view, [...equipmentIds.map(equipmentStreamId), ...operatorIds.map(personStreamId), ...revisionIds.map(revisionClaimStreamId)]);
  const [equipment, people, walk] = await Promise.all([
    named.then(() => equipmentRecords(view, equipmentIds)),
    named.then(() => peopleAndDocuments(view, operatorIds, revisionIds)),
    backwardLots(view, lotNumber, events),
  ]);
  return { equipment, ...people, ...walk };
}
