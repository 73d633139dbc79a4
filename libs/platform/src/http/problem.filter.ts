import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { IdempotencyKeyReused, WrongExpectedVersion } from '@lotstream/event-store';
import { problem, Problem, ProblemError } from './problem';

/** Maps any error to an `application/problem+json` response; unknown errors are logged and are 500. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof WrongExpectedVersion) {
    return problem(409, 'wrong-expected-version', error.message, { streamId: error.streamId, streamVersion: error.actual });
  }
  if (error instanceof IdempotencyKeyReused) {
    return problem(409, 'idempotency-key-reused', 'This Idempotency-Key was already used with a different request body.');
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const detail = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
    return problem(status, `http-${status}`, Array.isArray(detail) ? detail.join('; ') : String(detail));
  }
  const bodyError = error as { type?: string; status?: number; message?: string };
  if (bodyError?.type === 'entity.parse.failed') return problem(400, 'malformed-json', 'The request body is not valid JSON.');
  if (bodyError?.type === 'entity.too.large') return problem(413, 'body-too-large', 'The request body is too large.');
  if (bodyError?.type === 'encoding.unsupported' || bodyError?.type === 'charset.unsupported') {
    return problem(415, 'unsupported-encoding', bodyError.message ?? 'Unsupported body encoding.');
  }
  const pgError = error as { code?: string };
  // Text that jsonb cannot hold (NUL characters) or an invalid value that slipped past validation.
  if (pgError?.code === '22P05' || pgError?.code === '22P02' || pgError?.code === '22007' || pgError?.code === '22008') {
    return problem(400, 'invalid-value', 'A value in the request cannot be stored (invalid characters or format).');
  }
  return problem(500, 'internal', 'An unexpected error occurred; it has been logged.');
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = toProblem(error);
    if (body.status >= 500) this.logger.error({ err: error }, 'unhandled error');
    if (response.headersSent) return;
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}
