import type { Actor } from '@lotstream/access';
import type { CommandContext, CommandResult } from '@lotstream/recording';

/** One message of `<prefix>mes.commands`: the same shape as a /v1/batch item. */
export interface MesCommand {
  type: string;
  idempotencyKey: string;
  payload: unknown;
}

/** The answer on `<prefix>mes.results` (key = idempotency key), one per command message. */
export interface MesResult {
  idempotencyKey: string | null;
  /** The HTTP status the command would have had alone (201, 400, 401, 403, 404, 409, 422). */
  status: number;
  streamId?: string;
  streamVersion?: number;
  eventIds?: string[];
  problem?: Record<string, unknown>;
}

export const API_KEY_HEADER = 'api-key';
export const CORRELATION_HEADER = 'correlation-id';
export const ERROR_REASON_HEADER = 'error-reason';
export const ERROR_AT_HEADER = 'error-at';

export interface IncomingMesMessage {
  value: Buffer | null;
  /** Header values as text (kafkajs gives Buffers). */
  headers: Record<string, string | undefined>;
  /** Where it came from: the correlation id of the append when the producer sent none. */
  coordinates: string;
}

export type MesOutcome = { kind: 'result'; result: MesResult } | { kind: 'dead-letter'; reason: string };

export interface MesIntakeDeps {
  authenticate(apiKey: string): Promise<Actor | undefined>;
  dispatch(type: string, payload: unknown, context: CommandContext): Promise<CommandResult>;
  /** The deployment's integration identity: an API key used when a message carries no `api-key` header. */
  integrationKey?: string;
}

const KNOWN_FIELDS = new Set(['type', 'idempotencyKey', 'payload']);

function refusal(idempotencyKey: string | null, status: number, code: string, detail: string, extra: Record<string, unknown> = {}): MesOutcome {
  const titles: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized' };
  return {
    kind: 'result',
    result: { idempotencyKey, status, problem: { type: `https://lotstream.dev/problems/${code}`, title: titles[status] ?? 'Error', status, detail, ...extra } },
  };
}

/**
 * What one MES message gets. A message that cannot be read as a command at all (not JSON, not an
 * object, no `type`) goes to the dead-letter topic; anything else gets a result, the refusals
 * included (401 without a valid key, 400 for a bad command), exactly as /v1/batch would answer the
 * item. Infrastructure failures throw: the message is then redelivered, and its idempotency key
 * makes the retry append nothing twice.
 */
export async function handleMesMessage(message: IncomingMesMessage, deps: MesIntakeDeps): Promise<MesOutcome> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch {
    return { kind: 'dead-letter', reason: 'value is not JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { kind: 'dead-letter', reason: 'value is not a JSON object' };
  const command = parsed as Partial<MesCommand> & Record<string, unknown>;
  if (typeof command.type !== 'string' || command.type === '') return { kind: 'dead-letter', reason: 'value has no command type' };

  const idempotencyKey = typeof command.idempotencyKey === 'string' ? command.idempotencyKey : null;
  const unknown = Object.keys(command).filter((field) => !KNOWN_FIELDS.has(field));
  if (unknown.length > 0) {
    return refusal(idempotencyKey, 400, 'validation', `Unknown field(s): ${unknown.join(', ')}.`, {
      errors: unknown.map((field) => ({ field, message: 'unknown field' })),
    });
  }
  // Kafka delivers at least once: without a key a redelivery would record the fact twice.
  if (idempotencyKey === null) {
    return refusal(null, 400, 'validation', 'A command from Kafka needs an idempotencyKey (1-200 characters).', {
      errors: [{ field: 'idempotencyKey', message: 'idempotencyKey is required on Kafka' }],
    });
  }
  const presented = message.headers[API_KEY_HEADER] ?? deps.integrationKey;
  const actor = presented ? await deps.authenticate(presented) : undefined;
  if (!actor) {
    return refusal(
      idempotencyKey,
      401,
      'unauthenticated',
      presented
        ? 'The api-key header (or the integration identity) is not a valid API key.'
        : 'Send an api-key header: this deployment has no integration identity.',
    );
  }
  const outcome = await deps.dispatch(command.type, command.payload, {
    actor,
    idempotencyKey,
    correlationId: correlationOf(message),
  });
  const result: MesResult = { idempotencyKey, status: outcome.status };
  if (outcome.status < 300) {
    result.streamId = outcome.streamId ?? (outcome.body.streamId as string | undefined);
    result.streamVersion = outcome.streamVersion ?? (outcome.body.streamVersion as number | undefined);
    if (Array.isArray(outcome.body.eventIds)) result.eventIds = outcome.body.eventIds as string[];
  } else {
    result.problem = outcome.body;
  }
  return { kind: 'result', result };
}

function correlationOf(message: IncomingMesMessage): string {
  const given = message.headers[CORRELATION_HEADER];
  return given !== undefined && /^[A-Za-z0-9._:-]{1,100}$/.test(given) ? given : message.coordinates;
}
