import { EquipmentUseView, equipmentUse, loadCalibrationTimelines } from '../equipment-calibration/calibration-timeline';
import { iso, Queryable, SiteScope, sees } from '../query-context';
import { loadDocumentsOfRevisions, loadPeople, StepConditions, stepConditions, workOf } from '../work-conditions/work-conditions';

export interface HistoryEntry {
  streamVersion: number;
  eventId: string;
  position: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { keyId: string; role: string; label?: string } | null;
  correlationId?: string;
  data: Record<string, unknown>;
  /**
   * Steps: each machine or tool used; inspections: the gauge. `inCalibration` is computed now from
   * the calibration timeline, for the moment of use (a step from its start to its completion), as
   * the entry stands after its corrections.
   */
  equipment?: EquipmentUseView[];
  /**
   * Steps: whether the operator was qualified for the operation (and trained on the revision used)
   * and whether that revision was in force, over the step, computed now from the person's and the
   * document's timelines ('unknown': person or revision not registered), on the corrected step.
   */
  operator?: StepConditions['operator'];
  sop?: StepConditions['sop'];
  /** A signed record (release, hold release, disposition, correction, void): the signature's manifestation (21 CFR 11.50). */
  signature?: SignatureManifestation;
  /** A corrected entry: its data as it stands now (`data` stays what was recorded), and the corrections, oldest first. */
  current?: Record<string, unknown>;
  correctedBy?: CorrectionNote[];
  /** A voided entry: the void that struck it. */
  voidedBy?: CorrectionNote;
}

export interface SignatureManifestation {
  /** The RecordSigned entry. */
  eventId: string;
  personId: string;
  printedName: string;
  signedAt: string;
  meaning: string;
}

/** A correction or void as shown on the entry it corrects, linked by the correction's event id. */
export interface CorrectionNote {
  eventId: string;
  id: string;
  reason: string;
  corrected?: Record<string, unknown>;
  previous?: Record<string, unknown>;
  signature?: SignatureManifestation;
}

/** The id a signature's `signedFor` names, per signed event type. */
const SIGNED_ID: Record<string, string> = {
  LotReleased: 'releaseId',
  LotHoldReleased: 'holdId',
  NonconformanceDispositioned: 'ncId',
  EventCorrected: 'correctionId',
  EventVoided: 'voidId',
};

/**
 * Signatures shown on the records they sign, and corrections and voids on the entries they correct
 * (by event id): the original stays as recorded, beside the correction, who signed it and why.
 */
export function annotateHistory(entries: HistoryEntry[]): HistoryEntry[] {
  const signatures = new Map<string, SignatureManifestation>();
  for (const entry of entries) {
    if (entry.type !== 'RecordSigned') continue;
    const d = entry.data;
    const signedFor = (d.signedFor ?? {}) as { eventType?: string; id?: string };
    signatures.set(`${signedFor.eventType}:${signedFor.id}`, {
      eventId: entry.eventId,
      personId: String(d.personId),
      printedName: String(d.printedName),
      signedAt: String(d.signedAt),
      meaning: String(d.meaning),
    });
  }
  const byId = new Map(entries.map((e) => [e.eventId, e]));
  for (const entry of entries) {
    const idField = SIGNED_ID[entry.type];
    const signature = idField ? signatures.get(`${entry.type}:${String(entry.data[idField])}`) : undefined;
    if (signature) entry.signature = signature;
    if (entry.type !== 'EventCorrected' && entry.type !== 'EventVoided') continue;
    const target = byId.get(String(entry.data.eventId));
    if (!target) continue;
    const d = entry.data;
    const note: CorrectionNote = {
      eventId: entry.eventId,
      id: String(d[idField]),
      reason: String(d.reason),
      ...(entry.type === 'EventCorrected' ? { corrected: d.corrected as Record<string, unknown>, previous: d.previous as Record<string, unknown> } : {}),
      ...(signature ? { signature } : {}),
    };
    if (entry.type === 'EventCorrected') {
      target.correctedBy = [...(target.correctedBy ?? []), note];
      target.current = { ...(target.current ?? target.data), ...(d.corrected as Record<string, unknown>) };
    } else {
      target.voidedBy = note;
    }
  }
  return entries;
}

export interface LotHistory {
  lotNumber: string;
  partNumber: string;
  siteId: string;
  streamVersion: number;
  events: HistoryEntry[];
}

/**
 * The device history record of a lot: every event of its stream in stream order (prototype events
 * live in other streams and never appear). Undefined when unknown or of a site out of scope.
 */
export async function lotHistory(db: Queryable, schema: string, lotNumber: string, scope: SiteScope): Promise<LotHistory | undefined> {
  const lot = (await db.query(`SELECT part_number, site_id FROM ${schema}.trace_lots WHERE lot_number = $1`, [lotNumber])).rows[0];
  if (!lot || !sees(scope, lot.site_id)) return undefined;
  const { rows } = await db.query(
    `SELECT stream_version, event_id, position::text AS position, type, data, metadata, occurred_at, recorded_at
     FROM ${schema}.trace_lot_events WHERE lot_number = $1 ORDER BY stream_version`,
    [lotNumber],
  );
  const events = annotateHistory(
    rows.map((row): HistoryEntry => {
      const metadata = row.metadata ?? {};
      return {
        streamVersion: row.stream_version,
        eventId: row.event_id,
        position: row.position,
        type: row.type,
        occurredAt: iso(row.occurred_at)!,
        recordedAt: iso(row.recorded_at)!,
        actor: metadata.actor ?? null,
        ...(metadata.correlationId ? { correlationId: metadata.correlationId } : {}),
        data: row.data,
      };
    }),
  );
  // A corrected step or inspection is judged as it stands now: its equipment at its corrected times,
  // its operator and revision on its corrected operation, work centre and span.
  const standing = events.map((entry) => entry.current ?? entry.data);
  const used = events.flatMap((entry, index) => equipmentIdsOf(entry.type, standing[index]));
  const works = events.map((entry, index) => (entry.type === 'ProductionStepCompleted' ? workOf(standing[index]) : undefined));
  const [timelines, people, documents] = await Promise.all([
    loadCalibrationTimelines(db, schema, used),
    loadPeople(
      db,
      schema,
      works.flatMap((w) => (w ? [w.operatorId] : [])),
    ),
    loadDocumentsOfRevisions(
      db,
      schema,
      works.flatMap((w) => (w ? [w.revisionId] : [])),
    ),
  ]);
  events.forEach((entry, index) => {
    const data: Record<string, any> = standing[index];
    if (entry.type === 'ProductionStepCompleted') {
      entry.equipment = equipmentIdsOf(entry.type, data).map((id) => equipmentUse(timelines, id, data.startedAt, data.completedAt));
      const work = works[index];
      if (work) Object.assign(entry, stepConditions(people, documents, work));
    } else if (entry.type === 'InspectionRecorded') {
      entry.equipment = equipmentIdsOf(entry.type, data).map((id) => equipmentUse(timelines, id, data.inspectedAt));
    }
  });
  return {
    lotNumber,
    partNumber: lot.part_number,
    siteId: lot.site_id,
    streamVersion: rows.length ? rows[rows.length - 1].stream_version : 0,
    events,
  };
}

/** The equipment a step or an inspection names (steps: equipmentIds, inspections: gaugeId). */
export function equipmentIdsOf(type: string, data: Record<string, any>): string[] {
  if (type === 'ProductionStepCompleted' || type === 'PrototypeStepRecorded') {
    return Array.isArray(data.equipmentIds) ? [...new Set<string>(data.equipmentIds.filter((id: unknown) => typeof id === 'string'))] : [];
  }
  if (type === 'InspectionRecorded' || type === 'PrototypeInspectionRecorded') {
    return typeof data.gaugeId === 'string' ? [data.gaugeId] : [];
  }
  return [];
}
