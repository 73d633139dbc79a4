import type { Actor } from '@lotstream/access';
import type { EventStore, RecordedEvent } from '@lotstream/event-store';
import { flattenValidationErrors, validationProblem } from '@lotstream/platform';
import { lotOf, lotStreamId, type LotState } from '@lotstream/production/domain';
import { ConsumeMaterialBody, RecordStepBody, ShipLotBody } from '@lotstream/production';
import { isRejection, LoadedStream, loadVisible, reject, Rejection, StreamView, VisibleStream } from '@lotstream/recording';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RecordInspectionBody } from '../inspection/record-inspection/record-inspection.dto';
import { QualityLot, qualityLotOf } from '../lot-quality/lot-quality.state';
import { TargetEvent, targetOf } from './correction';

export interface LoadedTarget {
  lot: VisibleStream<QualityLot>;
  target: TargetEvent;
  /** The stored event (for its transaction: a consumption's issue on the input lot is in the same one). */
  stored: RecordedEvent;
}

/** The lot (visible to the writer) and the event it names, as stored on the lot's own stream. */
export async function loadTarget(store: EventStore, view: StreamView, actor: Actor, lotNumber: string, eventId: string): Promise<LoadedTarget | Rejection> {
  const lot = await loadVisible(
    view,
    lotStreamId(lotNumber),
    qualityLotOf,
    (l) => l.registered?.siteId,
    actor,
    () => reject('not-found', 'lot-not-found', `Lot ${lotNumber} was not found.`),
  );
  if (isRejection(lot)) return lot;
  const recorded = await store.readStream(lot.stream.streamId, { toVersion: lot.stream.version });
  const stored = recorded.find((e) => e.eventId === eventId);
  const target = targetOf(lot.stream.events as { type: string; data: Record<string, unknown> }[], eventId, stored?.streamVersion, lotNumber);
  if (isRejection(target)) return target;
  return { lot, target, stored: stored! };
}

/** The input lot's MaterialIssued recorded with this consumption (same transaction), and the input lot. */
export async function issueOf(
  store: EventStore,
  view: StreamView,
  consumed: RecordedEvent,
  lotNumber: string,
): Promise<{ stream: LoadedStream; state: LotState; issued: RecordedEvent } | undefined> {
  const inputLot = String(consumed.data.inputLotNumber);
  const stream = await view.load(lotStreamId(inputLot));
  const recorded = await store.readStream(stream.streamId, { toVersion: stream.version });
  const issued = recorded.find((e) => e.type === 'MaterialIssued' && e.transactionId === consumed.transactionId && e.data.toLotNumber === lotNumber);
  return issued ? { stream, state: lotOf(stream), issued } : undefined;
}

const BODY_OF: Record<string, new () => object> = {
  ProductionStepCompleted: RecordStepBody,
  InspectionRecorded: RecordInspectionBody,
  MaterialConsumed: ConsumeMaterialBody,
  LotShipped: ShipLotBody,
};

/** Fields the stored event has that the original command's body does not (computed by the service). */
const COMPUTED = new Set(['verdict', 'partNumber']);

/**
 * The corrected record validated exactly as the original command's body is (same DTO, same limits,
 * unknown fields refused): 400 `validation` with each error under `corrected.`.
 */
export async function validateCorrected(type: string, merged: Record<string, unknown>): Promise<void> {
  const body = Object.fromEntries(Object.entries(merged).filter(([k]) => !COMPUTED.has(k)));
  const instance = plainToInstance(BODY_OF[type], structuredClone(body));
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw validationProblem(flattenValidationErrors(errors).map((e) => ({ field: `corrected.${e.field}`, message: e.message })));
}
