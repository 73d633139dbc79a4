import type { DomainEvent } from '../decider/decider';

/**
 * Corrections and voids (21 CFR 11.10(e), ISO 9001 7.5.3): a recorded fact is never changed or
 * removed. A correction is a new event on the same stream naming the corrected event (its id and its
 * version in the stream) with the corrected data fields, the fields as they stood before, the reason
 * and the signer (a RecordSigned follows it); a void says the event should not have been recorded.
 * Readers apply them; history shows the original, the correction and the signature side by side.
 */
export interface EventCorrected {
  type: 'EventCorrected';
  data: {
    correctionId: string;
    eventId: string;
    /** The corrected event's version in this stream: where it stands, without a lookup by id. */
    eventVersion: number;
    eventType: CorrectableEventType;
    /** The corrected record's own id (stepId, inspectionId, shipmentId; a consumption's input lot, an issue's consuming lot). */
    recordId: string;
    reason: string;
    /** The corrected fields with their new values (an inspection's verdict is recomputed by the service). */
    corrected: Record<string, unknown>;
    /** The same fields as they stood before this correction. */
    previous: Record<string, unknown>;
    correctedBy: string;
  };
}

export interface EventVoided {
  type: 'EventVoided';
  data: {
    voidId: string;
    eventId: string;
    eventVersion: number;
    eventType: CorrectableEventType;
    recordId: string;
    reason: string;
    /** The voided event's data as it stood (after any correction). */
    previous: Record<string, unknown>;
    voidedBy: string;
  };
}

export type CorrectionEvent = EventCorrected | EventVoided;

const RECORD_ID: Record<CorrectableEventType, string> = {
  ProductionStepCompleted: 'stepId',
  InspectionRecorded: 'inspectionId',
  MaterialConsumed: 'inputLotNumber',
  MaterialIssued: 'toLotNumber',
  LotShipped: 'shipmentId',
};

/** The id a correctable event carries for its record (what readers key it by). */
export const recordIdOf = (type: CorrectableEventType, data: Record<string, unknown>): string => String(data[RECORD_ID[type]] ?? '');

export const CORRECTION_EVENT_TYPES = ['EventCorrected', 'EventVoided'] as const;

/**
 * What may be corrected: the data fields of a lot's steps, inspections, consumptions (quantity only)
 * and shipments. Never an id, nor a reference to another record (equipment, operator, gauge,
 * inspector, input lot): those are recorded again, not corrected.
 */
export const CORRECTABLE_FIELDS = {
  ProductionStepCompleted: [
    'operation',
    'sequence',
    'workCenter',
    'sopRevision',
    'startedAt',
    'completedAt',
    'quantityIn',
    'quantityGood',
    'quantityScrapped',
    'parameters',
  ],
  InspectionRecorded: ['stage', 'characteristic', 'measurements', 'inspectedAt'],
  MaterialConsumed: ['quantity'],
  /** Only with its consumption: correcting a MaterialConsumed corrects the input lot's MaterialIssued in the same append. */
  MaterialIssued: ['quantity'],
  LotShipped: ['customer', 'quantity', 'shippedAt'],
} as const satisfies Record<string, readonly string[]>;

export type CorrectableEventType = keyof typeof CORRECTABLE_FIELDS;

export const isCorrectableType = (type: string): type is CorrectableEventType => Object.prototype.hasOwnProperty.call(CORRECTABLE_FIELDS, type);

export const isCorrectionEvent = (event: { type: string }): event is CorrectionEvent => event.type === 'EventCorrected' || event.type === 'EventVoided';

/** One event of a stream as corrections leave it: its data now, whether voided, and by which corrections. */
export interface CorrectedEntry {
  version: number;
  type: string;
  data: Record<string, unknown>;
  voided: boolean;
  corrections: string[];
  voidId?: string;
}

/** The stream's events (in version order from version 1) with every correction applied and voids marked. */
export function correctedEntries(events: readonly DomainEvent[]): CorrectedEntry[] {
  const entries: CorrectedEntry[] = events.map((e, i) => ({ version: i + 1, type: e.type, data: e.data, voided: false, corrections: [] }));
  for (const event of events) {
    if (!isCorrectionEvent(event)) continue;
    const target = entries[event.data.eventVersion - 1];
    if (!target || target.type !== event.data.eventType) continue;
    if (event.type === 'EventCorrected') {
      target.data = { ...target.data, ...event.data.corrected };
      target.corrections.push(event.data.correctionId);
    } else {
      target.voided = true;
      target.voidId = event.data.voidId;
    }
  }
  return entries;
}

/**
 * The record as it stands: corrected events carry their corrected data, voided events are left out
 * (the correction events themselves stay). What judgements on a stream (release gates) read.
 */
export function asCorrected<E extends DomainEvent>(events: readonly E[]): E[] {
  if (!events.some(isCorrectionEvent)) return [...events];
  return correctedEntries(events).flatMap((entry, i) => (entry.voided ? [] : [{ ...events[i], data: entry.data } as E]));
}

/**
 * Whether the lot's latest release still stands: a correction or void recorded after it supersedes
 * it, and the lot needs a new release. `none` when the lot was never released.
 */
export function releaseStatusOf(events: readonly { type: string; data: Record<string, unknown> }[]): {
  status: 'none' | 'in-force' | 'superseded';
  releaseId?: string;
  supersededBy?: string[];
} {
  let release = -1;
  events.forEach((e, i) => {
    if (e.type === 'LotReleased') release = i;
  });
  if (release < 0) return { status: 'none' };
  const releaseId = String(events[release].data.releaseId);
  // An input lot's issue follows its consumption's correction: that changes what is left of it, not what was released.
  const later = events.slice(release + 1).filter((e) => isCorrectionEvent(e) && e.data.eventType !== 'MaterialIssued') as CorrectionEvent[];
  if (later.length === 0) return { status: 'in-force', releaseId };
  return {
    status: 'superseded',
    releaseId,
    supersededBy: later.map((e) => String(e.type === 'EventCorrected' ? e.data.correctionId : e.data.voidId)),
  };
}
