import { randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext, PipeTransform } from '@nestjs/common';
import { validationProblem } from '@lotstream/platform';
import { isValidIdempotencyKey } from '../admission';
import { ID_PATTERN, prototypeKeyPaths } from '../dto/field-rules';

/** What a write request says in its headers besides the body. */
export interface WriteHeaders {
  correlationId: string;
  idempotencyKey?: string;
  /** `If-Match: <streamVersion>` (a bare integer, or quoted as an ETag). */
  expectedVersion?: number;
}

function header(request: { headers: Record<string, string | string[] | undefined> }, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Reads Idempotency-Key, If-Match and the request's correlation id; a malformed header is a 400. */
export function readWriteHeaders(
  request: { id?: unknown; body?: unknown; headers: Record<string, string | string[] | undefined> },
  batch = false,
): WriteHeaders {
  const errors: Array<{ field: string; message: string }> = [];
  // The validation pipe never sees these keys (see prototypeKeyPaths); the raw body still has them.
  // A batch's item payloads are checked item by item, so one bad item does not fail the batch.
  for (const field of prototypeKeyPaths(batch ? envelopeOf(request.body) : request.body)) {
    errors.push({ field, message: `property ${field} should not exist` });
  }
  const key = header(request, 'idempotency-key');
  if (key !== undefined && !isValidIdempotencyKey(key)) {
    errors.push({ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 200 printable ASCII characters' });
  }
  const ifMatch = header(request, 'if-match');
  let expectedVersion: number | undefined;
  if (ifMatch !== undefined) {
    const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
    if (match) expectedVersion = Number(match[1]);
    else errors.push({ field: 'If-Match', message: 'If-Match must be a stream version (a non-negative integer)' });
  }
  if (errors.length > 0) throw validationProblem(errors);
  const given = header(request, 'x-correlation-id');
  const correlationId = typeof request.id === 'string' && request.id ? request.id : given && /^[A-Za-z0-9._:-]{1,100}$/.test(given) ? given : randomUUID();
  return { correlationId, ...(key !== undefined ? { idempotencyKey: key } : {}), ...(expectedVersion !== undefined ? { expectedVersion } : {}) };
}

function envelopeOf(body: unknown): unknown {
  const commands = (body as { commands?: unknown } | undefined)?.commands;
  if (!Array.isArray(commands)) return body;
  return {
    ...(body as object),
    commands: commands.map((item) => (typeof item === 'object' && item !== null && !Array.isArray(item) ? { ...item, payload: null } : item)),
  };
}

/** `@Write() headers: WriteHeaders` in a write route (`@Write('batch')` on POST /v1/batch). */
export const Write = createParamDecorator((kind: 'batch' | undefined, context: ExecutionContext): WriteHeaders =>
  readWriteHeaders(context.switchToHttp().getRequest(), kind === 'batch'),
);

/** Path identifiers follow the same rule as body identifiers: 1–64 of [A-Za-z0-9._:/-], else 400. */
export class IdentifierPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: { data?: string }): string {
    if (typeof value !== 'string' || value.length < 1 || value.length > 64 || !ID_PATTERN.test(value)) {
      throw validationProblem([{ field: metadata.data ?? 'path', message: `${metadata.data ?? 'path'} must be 1 to 64 letters, digits or . _ : / -` }]);
    }
    return value;
  }
}
