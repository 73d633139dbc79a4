import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { compiledValidation } from './compiled-validation';
import { problem, ProblemError } from './problem';

/** Flattens class-validator errors into `{field, message}` with dotted paths (`characteristic.usl`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  for (const error of errors) {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ field, message });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export function validationProblem(errors: Array<{ field: string; message: string }>): ProblemError {
  return new ProblemError(problem(400, 'validation', `The request has ${errors.length} invalid field(s).`, { errors }));
}

// Object.prototype's members and `prototype` (a class's own): class-transformer never copies them.
const PROTOTYPE_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * Paths of keys named like Object.prototype members (`toString`, `constructor`, `__proto__`…) anywhere
 * in a raw body. class-transformer skips such keys, so the whitelist never sees them and an
 * unknown field would pass silently; they are refused instead (400).
 */
export function prototypeKeyPaths(value: unknown, path = '', depth = 0): string[] {
  // Every write body is checked (twice: here and for the write headers): the common answer, none,
  // is found without building a path string per key.
  if (depth === 0 && !hasPrototypeKey(value, 0)) return [];
  if (typeof value !== 'object' || value === null || depth > 8) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => prototypeKeyPaths(item, `${path}[${i}]`, depth + 1));
  return Object.keys(value).flatMap((key) => {
    const here = path ? `${path}.${key}` : key;
    return PROTOTYPE_NAMES.has(key) ? [here] : prototypeKeyPaths((value as Record<string, unknown>)[key], here, depth + 1);
  });
}

function hasPrototypeKey(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null || depth > 8) return false;
  if (Array.isArray(value)) return value.some((item) => hasPrototypeKey(item, depth + 1));
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_NAMES.has(key) || hasPrototypeKey((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A DTO whose nested items are admitted one by one (the batch envelope) checks them itself.
    const checksItemsItself = (metadata.metatype as { checksItemsItself?: boolean } | undefined)?.checksItemsItself === true;
    if ((metadata.type === 'body' || metadata.type === 'query') && !checksItemsItself) {
      const reserved = prototypeKeyPaths(value);
      if (reserved.length > 0) throw validationProblem(reserved.map((field) => ({ field, message: `property ${field} should not exist` })));
    }
    // Such a DTO gets the raw value once its envelope is valid: the base pipe deletes prototype-named
    // keys in place, which would hide them from the item-by-item admission that must refuse them.
    if (checksItemsItself) {
      await super.transform(structuredClone(value), metadata);
      return value;
    }
    return super.transform(value, metadata);
  }

  // A valid body is recognised by the DTO's compiled validator (compiled-validation.ts); anything it
  // refuses goes to class-validator, which writes the errors (and has the last word).
  protected override validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> | ValidationError[] {
    if (isProductOptions(options) && compiledValidation.accepts(object)) return [];
    return super.validate(object, options);
  }

  // Looks for Buffers and typed arrays where a nested DTO belongs, at the cost of a full metadata
  // scan per request (1.3% of a write's CPU, measured). Bodies here come from JSON.parse and
  // queries from the query string, and neither can hold a binary value.
  protected override findNestedBinaryValues(): ValidationError[] {
    return [];
  }
}

/** The options the compiled validators are built for (whitelist, refuse unknowns, no groups). */
export function isProductOptions(options: ValidatorOptions | undefined): boolean {
  return (
    options?.whitelist === true &&
    options.forbidNonWhitelisted === true &&
    options.forbidUnknownValues !== false &&
    !options.groups?.length &&
    !options.skipMissingProperties &&
    !options.skipUndefinedProperties &&
    !options.skipNullProperties &&
    !options.always &&
    !options.strictGroups
  );
}

/** Unknown fields are refused, values are converted to the DTO's types, and every error lists its path. */
export function createValidationPipe(): ValidationPipe {
  // Every DTO known by now is compiled here, at start-up: a rule the compiler does not support throws.
  compiledValidation.compileAll();
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(flattenValidationErrors(errors)),
  });
}
