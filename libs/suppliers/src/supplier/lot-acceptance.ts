import { reject, Rejection } from '@lotstream/domain';

/**
 * Where a received lot stands after incoming inspection, read from its own stream in stream order:
 * `not-inspected` — no receiving inspection is recorded on it; `accepted` / `not-accepted` — the
 * decision of its latest receiving inspection; `use-as-is` — not accepted, then released by a
 * nonconformance on it dispositioned use-as-is after that inspection (a use-as-is disposition
 * recorded before the inspection does not release it).
 */
export type ReceivingStanding = 'not-inspected' | 'accepted' | 'not-accepted' | 'use-as-is';

export function receivingStandingOf(events: readonly { type: string; data: unknown }[]): ReceivingStanding {
  let standing: ReceivingStanding = 'not-inspected';
  for (const event of events) {
    if (event.type === 'ReceivingInspectionRecorded') standing = (event.data as { decision: string }).decision === 'not-accepted' ? 'not-accepted' : 'accepted';
    if (event.type === 'NonconformanceDispositioned' && (event.data as { disposition: string }).disposition === 'use-as-is' && standing === 'not-accepted')
      standing = 'use-as-is';
  }
  return standing;
}

/**
 * Whether a received lot may be consumed or split after incoming inspection: a lot whose latest
 * receiving inspection was not accepted stays blocked until a nonconformance on it is dispositioned
 * use-as-is after that inspection (a lot returned to the supplier stays blocked: it has left).
 * `field` names the request field that named the lot.
 */
export function lotNotAcceptedRefusal(lotNumber: string, events: readonly { type: string; data: unknown }[], field = 'inputLotNumber'): Rejection | undefined {
  if (receivingStandingOf(events) !== 'not-accepted') return undefined;
  return reject(
    'rule',
    'lot-not-accepted',
    `Lot ${lotNumber} was not accepted at incoming inspection; it may be used once a nonconformance on it is dispositioned use-as-is.`,
    field,
  );
}
