import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Field rules shared by every write DTO, so limits read the same on every route:
 * identifiers 1–64 of [A-Za-z0-9._:/-], names ≤ 200, free text ≤ 2000, times ISO-8601 with offset,
 * numbers finite and bounded.
 */
export const ID_PATTERN = /^[A-Za-z0-9._:/-]+$/;
export const MAX_QUANTITY = 1e9;
/** Measured values and process parameters: finite and well inside double precision. */
export const MAX_MEASURE = 1e12;

const optional = (required: boolean): PropertyDecorator[] => (required ? [] : [IsOptional()]);
const doc = (required: boolean, options: Record<string, unknown>): PropertyDecorator => (required ? ApiProperty(options) : ApiPropertyOptional(options));

/** A lot number, part number, equipment id, … (docs/api.md, Identifiers). */
export function IdField(example: string, required = true, description?: string): PropertyDecorator {
  return applyDecorators(
    doc(required, { example, minLength: 1, maxLength: 64, pattern: ID_PATTERN.source, description }),
    ...optional(required),
    IsString(),
    Length(1, 64),
    Matches(ID_PATTERN, { message: '$property may hold only letters, digits and . _ : / -' }),
  );
}

/** A short name or label (revision, work centre, unit, customer): 1–200 characters, no control characters. */
export function NameField(example: string, required = true, max = 200, description?: string): PropertyDecorator {
  return applyDecorators(
    doc(required, { example, minLength: 1, maxLength: max, description }),
    ...optional(required),
    IsString(),
    Length(1, max),
    Matches(/^[^\u0000-\u001f\u007f]+$/, { message: '$property must not contain control characters' }),
  );
}

/** Free text (a description, a note): 1–2000 characters; line breaks allowed, NUL never. */
export function TextField(example: string, required = true): PropertyDecorator {
  return applyDecorators(
    doc(required, { example, minLength: 1, maxLength: 2000 }),
    ...optional(required),
    IsString(),
    Length(1, 2000),
    Matches(/^[^\u0000]+$/, { message: '$property must not contain NUL characters' }),
  );
}

/** A list of short names (operations a document governs): 0–50 distinct-or-not names of 1–200 characters. */
export function NameListField(example: string[], description?: string, max = 50): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example, description, minItems: 0, maxItems: max, items: { type: 'string', minLength: 1, maxLength: 200 } }),
    IsArray(),
    ArrayMaxSize(max),
    IsString({ each: true }),
    Length(1, 200, { each: true }),
    Matches(/^[^\u0000-\u001f\u007f]+$/, { each: true, message: 'each value in $property must not contain control characters' }),
  );
}

export function EnumField(values: readonly string[], example: string, required = true, description?: string): PropertyDecorator {
  return applyDecorators(doc(required, { enum: values, example, description }), ...optional(required), IsIn(values as string[]));
}

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** True for an ISO-8601 instant with an offset, that names a real calendar time between 1900 and 2999. */
export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 40) return false;
  const match = ISO_WITH_OFFSET.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, , second] = match.map((part) => part ?? '0');
  const y = Number(year);
  if (y < 1900 || y > 2999 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return false;
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return false;
  const offset = match[9];
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59)) return false;
  return Number.isFinite(Date.parse(value));
}

/** A time of fact (`2026-11-25T08:30:00Z`): ISO-8601 with seconds optional and an offset required. */
export function TimestampField(example: string, required = true, description?: string): PropertyDecorator {
  return applyDecorators(
    doc(required, { example, format: 'date-time', description }),
    ...optional(required),
    ValidateBy({
      name: 'isTimestamp',
      validator: {
        validate: (value) => isTimestamp(value),
        defaultMessage: () => '$property must be an ISO-8601 date-time with an offset (e.g. 2026-11-25T08:30:00Z)',
      },
    }),
  );
}

/** A count of pieces: integer 0…1e9. */
export function CountField(example: number, required = true, min = 0, description?: string): PropertyDecorator {
  return applyDecorators(
    doc(required, { example, minimum: min, maximum: MAX_QUANTITY, type: 'integer', description }),
    ...optional(required),
    IsInt(),
    Min(min),
    Max(MAX_QUANTITY),
  );
}

/**
 * True for a finite number with at most `places` decimals, read from its shortest text as
 * JavaScript prints it — exponent form included (`1e-7` has 7), where class-validator's own
 * maxDecimalPlaces throws (its `toString().split('.')[1]` has no decimal point to split at).
 */
export function hasAtMostDecimals(value: unknown, places: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (Number.isInteger(value)) return true;
  const [mantissa, exponent] = String(value).split('e');
  const decimals = (mantissa.split('.')[1]?.length ?? 0) - Number(exponent ?? 0);
  return decimals <= places;
}

/** A quantity in a unit that may be fractional (kg of bar stock): finite, > 0, ≤ 1e9, at most 6 decimals. */
export function QuantityField(example: number, required = true, description?: string): PropertyDecorator {
  return applyDecorators(
    doc(required, { example, exclusiveMinimum: 0, maximum: MAX_QUANTITY, type: 'number', description }),
    ...optional(required),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    ValidateBy({
      name: 'maxDecimalPlaces',
      validator: { validate: (value) => hasAtMostDecimals(value, 6), defaultMessage: () => '$property must have at most 6 decimal places' },
    }),
    ValidateBy({
      name: 'isPositive',
      validator: { validate: (value) => typeof value === 'number' && value > 0, defaultMessage: () => '$property must be greater than 0' },
    }),
    Max(MAX_QUANTITY),
  );
}

/** A measured or limit value: finite, |x| ≤ 1e12. */
export function MeasureField(example: number, required = true, description?: string): PropertyDecorator {
  return applyDecorators(
    doc(required, { example, minimum: -MAX_MEASURE, maximum: MAX_MEASURE, type: 'number', description }),
    ...optional(required),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(-MAX_MEASURE),
    Max(MAX_MEASURE),
  );
}

/** `parameters`: up to 50 named process values, each a finite number or a string of ≤ 200 characters. */
export function isParameterMap(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  if (entries.length > 50) return false;
  return entries.every(
    ([name, v]) =>
      name.length >= 1 &&
      name.length <= 64 &&
      ID_PATTERN.test(name) &&
      ((typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_MEASURE) ||
        (typeof v === 'string' && v.length <= 200 && !/[\u0000-\u001f\u007f]/.test(v))),
  );
}

export function ParameterMapField(validationOptions?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'object',
      additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string', maxLength: 200 }] },
      example: { spindleSpeedRpm: 8000, coolant: 'emulsion-6%' },
      description: 'Up to 50 process parameters: name (identifier) → finite number or string ≤ 200 characters.',
    }),
    IsOptional(),
    ValidateBy(
      {
        name: 'isParameterMap',
        validator: {
          validate: (value) => isParameterMap(value),
          defaultMessage: () => '$property must map up to 50 identifiers to finite numbers or strings of at most 200 characters',
        },
      },
      validationOptions,
    ),
  );
}

export { prototypeKeyPaths } from '@lotstream/platform';
