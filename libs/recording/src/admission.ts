import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { compiledValidation, flattenValidationErrors, problem } from '@lotstream/platform';
import type { Actor } from '@lotstream/access';
import type { CommandResult } from './command-dispatch';
import type { CommandCatalog } from './command-catalog';
import type { CommandDefinition } from './write-model';
import { failed } from './outcomes';
import { prototypeKeyPaths } from './dto/field-rules';

export interface Admitted {
  definition: CommandDefinition;
  payload: object;
}

/** The same options as the global HTTP ValidationPipe, so a payload is judged the same on every path. */
const VALIDATION = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

export const isAdmitted = (value: Admitted | CommandResult): value is Admitted => (value as Admitted).definition !== undefined;

/**
 * Checks a raw command (batch item, Kafka message) before it reaches a handler: known type, the
 * actor's role may send it (same table as the HTTP routes), and the payload is valid exactly as
 * the HTTP body would be. Answers with the result the command gets when it is refused.
 */
export async function admit(catalog: CommandCatalog, type: unknown, payload: unknown, actor: Actor): Promise<Admitted | CommandResult> {
  const definition = typeof type === 'string' ? catalog.get(type) : undefined;
  if (!definition) {
    return failed(
      problem(400, 'unknown-command-type', `Unknown command type.`, {
        errors: [{ field: 'type', message: `type must be one of ${catalog.types().join(', ')}` }],
      }),
    );
  }
  if (!definition.roles.includes(actor.role)) {
    return failed(problem(403, 'forbidden', `The role ${actor.role} may not send ${definition.type}.`));
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return failed(problem(400, 'validation', 'The command has 1 invalid field(s).', { errors: [{ field: 'payload', message: 'payload must be an object' }] }));
  }
  const reserved = prototypeKeyPaths(payload);
  if (reserved.length > 0) {
    const errors = reserved.map((field) => ({ field, message: `property ${field} should not exist` }));
    return failed(problem(400, 'validation', `The request has ${errors.length} invalid field(s).`, { errors }));
  }
  const instance = plainToInstance(definition.payload, payload) as object;
  // The compiled validator recognises a valid payload; a refusal is class-validator's to explain.
  if (compiledValidation.accepts(instance)) return { definition, payload: instance };
  const errors = await validate(instance, VALIDATION);
  if (errors.length > 0) {
    const flat = flattenValidationErrors(errors);
    return failed(problem(400, 'validation', `The request has ${flat.length} invalid field(s).`, { errors: flat }));
  }
  return { definition, payload: instance };
}

/** Idempotency-Key: 1–200 printable ASCII characters. */
export function isValidIdempotencyKey(key: unknown): key is string {
  return typeof key === 'string' && key.length >= 1 && key.length <= 200 && /^[\x20-\x7e]+$/.test(key);
}
