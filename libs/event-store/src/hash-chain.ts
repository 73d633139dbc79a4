import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** The fields a link of a stream's hash chain covers. Changing any of them breaks the chain. */
export interface ChainedFields {
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  occurredAt: string;
  recordedAt: string;
  prevHash: string | null;
}

export function linkHash(fields: ChainedFields): string {
  return createHash('sha256')
    .update(
      canonicalJson([
        fields.eventId,
        fields.streamId,
        fields.streamVersion,
        fields.type,
        fields.schemaVersion,
        fields.data,
        fields.metadata,
        fields.occurredAt,
        fields.recordedAt,
        fields.prevHash,
      ]),
    )
    .digest('hex');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
