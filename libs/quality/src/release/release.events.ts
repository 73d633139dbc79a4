import type { ReleaseGate } from './release-gates';

/**
 * The lot is released for shipment (ISO 9001 8.6) by a signed decision: the gates as they were
 * evaluated from the lot's stream when it was signed (the RecordSigned event follows it).
 */
export interface LotReleased {
  type: 'LotReleased';
  data: { releaseId: string; releasedBy: string; gates: ReleaseGate[] };
}

export type ReleaseEvent = LotReleased;

export const RELEASE_EVENT_TYPES = ['LotReleased'] as const;
