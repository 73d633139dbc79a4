/** The stream moved on since the writer read it (or exists when it should not): HTTP 409. */
export class WrongExpectedVersion extends Error {
  readonly kind = 'wrong-expected-version' as const;
  constructor(
    readonly streamId: string,
    readonly expected: number | 'any' | 'no-stream',
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, expected ${expected}`);
  }
}

/** The idempotency key was used before with a different request: HTTP 409. */
export class IdempotencyKeyReused extends Error {
  readonly kind = 'idempotency-key-reused' as const;
  constructor(readonly key: string) {
    super(`idempotency key ${key} was already used with a different request`);
  }
}

/** An imported event does not link onto its stream (or already exists): nothing of the batch is written. */
export class ImportRejected extends Error {
  readonly kind = 'import-rejected' as const;
  constructor(
    readonly index: number,
    readonly streamId: string,
    readonly streamVersion: number,
    readonly reason: string,
  ) {
    super(`cannot import ${streamId}@${streamVersion} (item ${index} of the batch): ${reason}`);
  }
}
