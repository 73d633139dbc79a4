import { problem, Problem, toProblem } from '@lotstream/platform';
import type { AppendResult, StoredIdempotentResponse } from '@lotstream/event-store';
import type { CommandResult } from './command-dispatch';
import type { Rejection } from './domain/decider';

/** The write response of docs/api.md: `201 {streamId, streamVersion, eventIds, position}`. */
export function written(result: AppendResult, status = 201): CommandResult {
  const body = { streamId: result.streamId, streamVersion: result.streamVersion, eventIds: result.eventIds, position: result.position };
  return { status, body, streamId: result.streamId, streamVersion: result.streamVersion };
}

export function failed(body: Problem): CommandResult {
  return { status: body.status, body };
}

const STATUS_OF_REJECTION: Record<Rejection['kind'], number> = { 'not-found': 404, conflict: 409, rule: 422, forbidden: 403 };

/** Domain refusals become HTTP here, at the edge: not-found → 404, conflict → 409, rule → 422, forbidden → 403. */
export function rejectionProblem(rejection: Rejection): Problem {
  const status = STATUS_OF_REJECTION[rejection.kind];
  return problem(status, rejection.code, rejection.detail, rejection.field ? { errors: [{ field: rejection.field, message: rejection.detail }] } : {});
}

export function rejected(rejection: Rejection): CommandResult {
  return failed(rejectionProblem(rejection));
}

/** An earlier request with this key: the same answer if it was the same request, else 409. */
export function answerFromStored(stored: StoredIdempotentResponse, requestHash: string): CommandResult {
  if (stored.requestHash !== requestHash) {
    return failed(problem(409, 'idempotency-key-reused', 'This Idempotency-Key was already used with a different request body.'));
  }
  return written(stored.response, stored.status);
}

/** Store errors that are answers (stale version, reused key), not faults. */
export function storeConflict(error: unknown): CommandResult | undefined {
  const kind = (error as { kind?: string })?.kind;
  if (kind === 'wrong-expected-version' || kind === 'idempotency-key-reused') return failed(toProblem(error));
  return undefined;
}
