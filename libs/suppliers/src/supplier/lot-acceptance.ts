import { reject, Rejection } from '@lotstream/domain';

/**
 * Whether a received lot may be consumed after incoming inspection: a lot whose latest receiving
 * inspection was not accepted stays blocked until a nonconformance on it is dispositioned use-as-is
 * after that inspection (a lot returned to the supplier stays blocked: it has left). Read from the
 * lot's own stream, in stream order.
 */
export function lotNotAcceptedRefusal(lotNumber: string, events: readonly { type: string; data: unknown }[]): Rejection | undefined {
  let blocked = false;
  for (const event of events) {
    if (event.type === 'ReceivingInspectionRecorded') blocked = (event.data as { decision: string }).decision === 'not-accepted';
    if (event.type === 'NonconformanceDispositioned' && (event.data as { disposition: string }).disposition === 'use-as-is') blocked = false;
  }
  if (!blocked) return undefined;
  return reject(
    'rule',
    'lot-not-accepted',
    `Lot ${lotNumber} was not accepted at incoming inspection; it may be used once a nonconformance on it is dispositioned use-as-is.`,
    'inputLotNumber',
  );
}
