import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { EnumField, IdField } from '@lotstream/recording';
import { MAX_GENEALOGY_DEPTH } from '../lot-genealogy/lot-genealogy.query';

/** Query of GET /v1/lots/{lotNumber}/genealogy. Unknown parameters → 400. */
export class GenealogyQueryDto {
  @EnumField(['backward', 'forward'], 'forward', false, 'backward: where the lot came from (default); forward: where it went (recall scope).')
  direction?: 'backward' | 'forward';

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_GENEALOGY_DEPTH, example: 3, description: 'Levels to walk (default: unlimited).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_GENEALOGY_DEPTH)
  depth?: number;
}

/** Query of GET /v1/equipment/{equipmentId}/impact. */
export class ImpactQueryDto {
  @IdField('CAL-2026-117', false, 'The out-of-tolerance calibration to assess (default: the latest one found out of tolerance).')
  calibrationId?: string;
}
