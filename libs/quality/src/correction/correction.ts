import {
  CORRECTABLE_FIELDS,
  type CorrectableEventType,
  correctedEntries,
  type EventCorrected,
  type EventVoided,
  isCorrectableType,
  recordIdOf,
  Rejection,
  reject,
} from '@lotstream/domain';
import { exceeds, type LotState, remainingQuantity, stepRuleBroken, type StepFacts } from '@lotstream/production/domain';
import type { Characteristic } from '../inspection/inspection.events';
import { limitsRuleBroken, verdictOf } from '../inspection/verdict';

/** The event a correction or void names, as corrections so far leave it. */
export interface TargetEvent {
  eventId: string;
  version: number;
  type: CorrectableEventType;
  data: Record<string, unknown>;
  voided: boolean;
}

type StreamEvent = { type: string; data: Record<string, unknown> };

/**
 * The event `eventId` of this lot's stream: `versionOfId` is where the store has it (undefined when
 * it is not on this stream). 404 `event-not-found` when it is not the lot's; 422
 * `event-not-correctable` for any event but a step, inspection, consumption or shipment.
 */
export function targetOf(events: readonly StreamEvent[], eventId: string, version: number | undefined, lotNumber: string): TargetEvent | Rejection {
  const entry = version === undefined ? undefined : correctedEntries(events)[version - 1];
  if (!entry) return reject('not-found', 'event-not-found', `Event ${eventId} is not recorded on lot ${lotNumber}.`, 'eventId');
  if (!isCorrectableType(entry.type) || entry.type === 'MaterialIssued') {
    return reject(
      'rule',
      'event-not-correctable',
      `Event ${eventId} is a ${entry.type}; only a lot's steps, inspections, consumptions and shipments can be corrected or voided.`,
      'eventId',
    );
  }
  return { eventId, version: entry.version, type: entry.type, data: entry.data, voided: entry.voided };
}

/** Ids of the corrections and voids already on the stream (each is used once). */
export const correctionIdsOf = (events: readonly StreamEvent[]): Set<string> =>
  new Set(events.flatMap((e) => (e.type === 'EventCorrected' ? [String(e.data.correctionId)] : e.type === 'EventVoided' ? [String(e.data.voidId)] : [])));

/** Before any field is validated: the target may still be corrected and only its data fields are named. */
export function admitCorrection(
  target: TargetEvent,
  corrected: Record<string, unknown>,
  correctionId: string,
  ids: ReadonlySet<string>,
): Rejection | undefined {
  if (ids.has(correctionId)) return reject('conflict', 'correction-already-recorded', `Correction ${correctionId} is already recorded.`, 'correctionId');
  if (target.voided) return reject('conflict', 'event-voided', `Event ${target.eventId} is voided; a voided event is not corrected.`, 'eventId');
  const allowed: readonly string[] = CORRECTABLE_FIELDS[target.type];
  const keys = Object.keys(corrected);
  if (keys.length === 0) return reject('rule', 'nothing-corrected', 'corrected names no field.', 'corrected');
  const refused = keys.filter((k) => !allowed.includes(k));
  const characteristic = corrected.characteristic as { id?: unknown } | undefined;
  if (characteristic && typeof characteristic === 'object' && characteristic.id !== (target.data.characteristic as { id?: unknown } | undefined)?.id) {
    refused.push('characteristic.id');
  }
  if (refused.length > 0) {
    return reject(
      'rule',
      'field-not-correctable',
      `${target.type} field(s) ${refused.join(', ')} cannot be corrected; correctable: ${allowed.join(', ')}.`,
      `corrected.${refused[0]}`,
    );
  }
  return undefined;
}

export function admitVoid(target: TargetEvent, voidId: string, ids: ReadonlySet<string>): Rejection | undefined {
  if (ids.has(voidId)) return reject('conflict', 'void-already-recorded', `Void ${voidId} is already recorded.`, 'voidId');
  if (target.voided) return reject('conflict', 'event-already-voided', `Event ${target.eventId} is already voided.`, 'eventId');
  return undefined;
}

/** The event's data with the correction applied: what the original command's validation is run on. */
export const mergedData = (target: TargetEvent, corrected: Record<string, unknown>): Record<string, unknown> => ({ ...target.data, ...corrected });

export interface CorrectionFacts {
  lot: LotState;
  /** For a consumption: the input lot and how much of it this consumption took (as it stands). */
  input?: LotState;
}

/**
 * The rules of the original command on the corrected record, and the corrected fields as stored (an
 * inspection's verdict is recomputed from the corrected limits and measurements, never sent).
 */
export function correctedFields(target: TargetEvent, corrected: Record<string, unknown>, facts: CorrectionFacts): Record<string, unknown> | Rejection {
  const merged = mergedData(target, corrected);
  switch (target.type) {
    case 'ProductionStepCompleted':
      return stepRuleBroken(merged as StepFacts) ?? corrected;
    case 'InspectionRecorded': {
      const characteristic = merged.characteristic as Characteristic;
      const broken = limitsRuleBroken(characteristic);
      if (broken) return broken;
      return { ...corrected, verdict: verdictOf(characteristic, merged.measurements as number[]) };
    }
    case 'MaterialConsumed': {
      const more = Number(merged.quantity) - Number(target.data.quantity);
      if (facts.input && exceeds(more, remainingQuantity(facts.input))) {
        return reject(
          'rule',
          'insufficient-quantity',
          `Input lot ${String(target.data.inputLotNumber)} has ${remainingQuantity(facts.input)} left; the correction takes ${more} more.`,
          'corrected.quantity',
        );
      }
      return corrected;
    }
    case 'LotShipped': {
      const more = Number(merged.quantity) - Number(target.data.quantity);
      const available = remainingQuantity(facts.lot) - facts.lot.shipped;
      if (exceeds(more, available))
        return reject('rule', 'over-shipment', `The lot has ${Math.max(0, available)} left to ship; the correction ships ${more} more.`, 'corrected.quantity');
      return corrected;
    }
    default:
      return reject('rule', 'event-not-correctable', `A ${target.type} is corrected with its consumption.`, 'eventId');
  }
}

/** EventCorrected naming the target, with the fields as they stood before. */
export function correctionEvent(
  target: Pick<TargetEvent, 'eventId' | 'version' | 'type' | 'data'>,
  command: { correctionId: string; reason: string },
  corrected: Record<string, unknown>,
  signerId: string,
): EventCorrected {
  const previous = Object.fromEntries(Object.keys(corrected).map((k) => [k, target.data[k] ?? null]));
  return {
    type: 'EventCorrected',
    data: {
      correctionId: command.correctionId,
      eventId: target.eventId,
      eventVersion: target.version,
      eventType: target.type,
      recordId: recordIdOf(target.type, target.data),
      reason: command.reason,
      corrected,
      previous,
      correctedBy: signerId,
    },
  };
}

export function voidEvent(
  target: Pick<TargetEvent, 'eventId' | 'version' | 'type' | 'data'>,
  command: { voidId: string; reason: string },
  signerId: string,
): EventVoided {
  return {
    type: 'EventVoided',
    data: {
      voidId: command.voidId,
      eventId: target.eventId,
      eventVersion: target.version,
      eventType: target.type,
      recordId: recordIdOf(target.type, target.data),
      reason: command.reason,
      previous: target.data,
      voidedBy: signerId,
    },
  };
}
