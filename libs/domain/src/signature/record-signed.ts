/**
 * Electronic signatures (21 CFR 11.50, 11.70): a signature is an event in the signed record's own
 * stream. It names the stream version the signer saw and the chain hash of the stream at that
 * version, so it is covered by the chain and cannot be copied to another record or version: audit
 * verify checks that `signs` names an existing version of the signature's own stream with exactly
 * that hash.
 */
export const SIGNATURE_MEANINGS = ['reviewed', 'approved', 'released', 'rejected', 'responsible'] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];

export interface RecordSigned {
  type: 'RecordSigned';
  data: {
    signatureId: string;
    personId: string;
    /** The signer's name as registered: the human-readable manifestation (11.50). */
    printedName: string;
    meaning: SignatureMeaning;
    signedAt: string;
    signs: { streamId: string; streamVersion: number; hash: string };
    /** What the signature is given for: the command's event type and its id (holdId, releaseId…). */
    signedFor: { eventType: string; id: string };
  };
}

/** A signature as a command's body carries it: the signer re-authenticates with both components. */
export interface SignatureClaim {
  personId: string;
  password: string;
  meaning: SignatureMeaning;
}
