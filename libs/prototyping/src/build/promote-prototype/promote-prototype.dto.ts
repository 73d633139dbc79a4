import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, Length, Matches, ValidateBy } from 'class-validator';
import { ID_PATTERN, IdField, NameField, TimestampField } from '@lotstream/recording';
import type { PromotePrototype } from './promote-prototype';

/** Up to 50 operations, each an identifier, each mapped to a revision of 1–64 characters. */
export function isRevisionMap(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= 50 &&
    entries.every(
      ([operation, revision]) =>
        operation.length >= 1 &&
        operation.length <= 64 &&
        ID_PATTERN.test(operation) &&
        typeof revision === 'string' &&
        revision.length >= 1 &&
        revision.length <= 64 &&
        !/[\u0000-\u001f\u007f]/.test(revision),
    )
  );
}

export class PromotePrototypeBody implements Omit<PromotePrototype, 'buildId'> {
  @NameField('D', true, 64) partRevision: string;
  @NameField('R1', true, 64) routingRevision: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 64 },
    example: { turning: 'SOP-12 rev A', milling: 'SOP-14 rev A' },
    description: 'operation → SOP revision (up to 50).',
  })
  @IsOptional()
  @ValidateBy({
    name: 'isRevisionMap',
    validator: { validate: (value) => isRevisionMap(value), defaultMessage: () => '$property must map up to 50 operations to revisions of 1 to 64 characters' },
  })
  sopRevisions?: Record<string, string>;
  @ApiPropertyOptional({
    type: [String],
    maxItems: 50,
    uniqueItems: true,
    items: { type: 'string', minLength: 1, maxLength: 200 },
    example: ['heat-treat'],
    description:
      'Operations that are special processes (up to 50, distinct); each one a step of the build ran or sopRevisions names. Form 2 of a first article lists their steps.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  @Matches(/^[^\u0000-\u001f\u007f]+$/, { each: true, message: 'each value in $property must not contain control characters' })
  specialProcesses?: string[];
  @TimestampField('2026-10-12T09:00:00Z', false, 'When it was promoted; server time if omitted.') occurredAt?: string;
}

export class PromotePrototypeDto extends PromotePrototypeBody implements PromotePrototype {
  @IdField('PB-2026-007') buildId: string;
}
