import type { Pool } from 'pg';

/** A RecordSigned event as verify reads it, with the hash its stream really has at the version it names. */
export interface StoredSignature {
  streamId: string;
  streamVersion: number;
  position: string;
  signs: unknown;
  /** The hash of the signature's own stream at `signs.streamVersion`, or null when there is no such version. */
  hashAtSignedVersion: string | null;
}

/**
 * Why a signature is not bound to its record (21 CFR 11.70), or undefined when it is: its `signs`
 * must name its own stream, a version before the signature, and exactly the chain hash that version
 * has. A signature copied to another stream, or re-pointed to another version, fails here even when
 * the chain was rehashed around it.
 */
export function signatureBindingBreak(signature: StoredSignature): string | undefined {
  const signs = signature.signs as { streamId?: unknown; streamVersion?: unknown; hash?: unknown } | null;
  if (!signs || typeof signs !== 'object') return 'signature names no signed record';
  if (signs.streamId !== signature.streamId) return 'signature names another stream';
  if (
    typeof signs.streamVersion !== 'number' ||
    !Number.isInteger(signs.streamVersion) ||
    signs.streamVersion < 1 ||
    signs.streamVersion >= signature.streamVersion
  ) {
    return 'signature names a version that does not precede it';
  }
  if (signature.hashAtSignedVersion === null || signs.hash !== signature.hashAtSignedVersion) return 'signature hash does not match the signed version';
  return undefined;
}

/** Reads every signature of the store (or of one stream) with the hash its signed version has, in global order. */
export class SignatureBindings {
  constructor(private readonly pool: Pool) {}

  async firstBroken(streamId?: string): Promise<{ checked: number; broken?: { streamId: string; streamVersion: number; position: string; reason: string } }> {
    const { rows } = await this.pool.query<{ stream_id: string; stream_version: number; position: string; signs: unknown; target_hash: string | null }>(
      `SELECT s.stream_id, s.stream_version, s.position::text AS position, s.data->'signs' AS signs, t.hash AS target_hash
         FROM events s
         LEFT JOIN events t
           ON t.stream_id = s.stream_id
          AND jsonb_typeof(s.data->'signs'->'streamVersion') = 'number'
          AND t.stream_version::numeric = (s.data->'signs'->>'streamVersion')::numeric
        WHERE s.type = 'RecordSigned' AND ($1::text IS NULL OR s.stream_id = $1)
        ORDER BY s.position`,
      [streamId ?? null],
    );
    for (const row of rows) {
      const signature = {
        streamId: row.stream_id,
        streamVersion: row.stream_version,
        position: row.position,
        signs: row.signs,
        hashAtSignedVersion: row.target_hash,
      };
      const reason = signatureBindingBreak(signature);
      if (reason) return { checked: rows.length, broken: { streamId: row.stream_id, streamVersion: row.stream_version, position: row.position, reason } };
    }
    return { checked: rows.length };
  }
}
