import { ValidationError, ValidationPipe } from '@nestjs/common';
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
  return new ProblemError(
    problem(400, 'validation', `The request has ${errors.length} invalid field(s).`, { errors }),
  );
}

/** Unknown fields are refused, values are converted to the DTO's types, and every error lists its path. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(flattenValidationErrors(errors)),
  });
}
