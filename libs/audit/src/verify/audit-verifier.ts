import type { EventStore, VerifyResult } from '@lotstream/event-store';
import type { GlobalCheckpoints } from '../checkpoints/global-checkpoint';
import type { SignatureBindings } from './signature-bindings';

export interface AuditVerifyResult extends VerifyResult {
  /** The global checkpoint the store was compared with (whole-store verification only). */
  checkpoint?: { id: string; createdAt: string; hash: string; ok: boolean };
}

/** Marks a break found against a global checkpoint: it concerns the store as a whole, not one stream. */
export const WHOLE_STORE = '*';

/**
 * Tamper verification: every link of every stream's hash chain (or one stream's), every electronic
 * signature's binding to the version and hash it signs, and, for the whole
 * store, the checkpoint chain and the store as it stood at the latest global checkpoint.
 */
export class AuditVerifier {
  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: GlobalCheckpoints,
    /** Electronic signatures bound to their record's version and hash (checked when given). */
    private readonly signatures?: SignatureBindings,
  ) {}

  async verify(options: { streamId?: string; checkpointHash?: string; onProgress?: (checked: number) => void } = {}): Promise<AuditVerifyResult> {
    const chains = await this.store.verify(options.streamId, options.onProgress);
    if (!chains.ok) return chains;
    if (this.signatures) {
      const signed = await this.signatures.firstBroken(options.streamId);
      if (signed.broken) return { ok: false, checked: chains.checked, firstBroken: signed.broken };
    }
    if (options.streamId) return chains;
    const verdict = await this.checkpoints.verify(options.checkpointHash);
    const checkpoint = verdict.checkpoint
      ? { id: verdict.checkpoint.id, createdAt: verdict.checkpoint.createdAt, hash: verdict.checkpoint.hash, ok: verdict.ok }
      : undefined;
    if (verdict.ok) return { ...chains, ...(checkpoint ? { checkpoint } : {}) };
    return {
      ok: false,
      checked: chains.checked,
      firstBroken: { streamId: WHOLE_STORE, streamVersion: 0, position: verdict.checkpoint?.maxPosition ?? '', reason: verdict.reason },
      ...(checkpoint ? { checkpoint } : {}),
    };
  }
}
