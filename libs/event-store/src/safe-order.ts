/**
 * A position in safe order: (transaction id, global position). Positions are assigned at insert but
 * become visible at commit, so readers order by the writing transaction first and only read
 * transactions older than every one still running. The cursor is opaque to clients.
 */
export interface Checkpoint {
  transactionId: string;
  position: string;
}

export const START: Checkpoint = { transactionId: '0', position: '0' };

export function encodeCheckpoint(checkpoint: Checkpoint): string {
  return `${checkpoint.transactionId}_${checkpoint.position}`;
}

export function decodeCheckpoint(cursor: string | undefined | null): Checkpoint | undefined {
  if (cursor === undefined || cursor === null || cursor === '' || cursor === '0') return START;
  const match = /^(\d{1,20})_(\d{1,20})$/.exec(cursor);
  if (!match) return undefined;
  return { transactionId: match[1], position: match[2] };
}
