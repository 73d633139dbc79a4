import { applyDecorators, HttpCode, Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

const WRITE_RESPONSE_EXAMPLE = {
  streamId: 'lot-L-2026-0001',
  streamVersion: 4,
  eventIds: ['0b6f1c9e-8a51-4a3e-9f0c-2f7d5f3b9a10'],
  position: '1287',
};

const PROBLEM_SCHEMA = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
};

/**
 * OpenAPI for a write route: summary, body schema with an example, the 201 write response, the
 * Idempotency-Key and If-Match headers, and the problem answers.
 */
export function ApiWrite(options: { summary: string; description?: string; body: Type<unknown>; example: object; event: string }): MethodDecorator {
  return applyDecorators(
    HttpCode(201),
    ApiOperation({ summary: options.summary, description: `${options.description ?? ''}\n\nAppends ${options.event}.`.trim() }),
    ApiBody({ type: options.body, examples: { example: { summary: options.summary, value: options.example } } }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Same key and body → the original response, nothing appended; same key, other body → 409. 1–200 characters.',
    }),
    ApiHeader({ name: 'If-Match', required: false, description: 'Stream version the writer last saw; a stale version → 409.' }),
    ApiCreatedResponse({
      description: 'Recorded.',
      schema: {
        type: 'object',
        properties: {
          streamId: { type: 'string' },
          streamVersion: { type: 'integer' },
          eventIds: { type: 'array', items: { type: 'string' } },
          position: { type: 'string' },
        },
        example: WRITE_RESPONSE_EXAMPLE,
      },
    }),
    ApiBadRequestResponse({
      description: 'Invalid body (unknown field, bad format, out of bounds).',
      content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
    }),
    ApiNotFoundResponse({
      description: 'No such lot/equipment/build visible to this key.',
      content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
    }),
    ApiConflictResponse({
      description: 'Already recorded, stale If-Match, or Idempotency-Key reused with another body.',
      content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
    }),
    ApiUnprocessableEntityResponse({ description: 'A rule of the domain refuses it.', content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } } }),
  );
}
