import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class AuditEventsQuery {
  @ApiPropertyOptional({ description: "Opaque cursor: the `next` of a previous page (or an event's `cursor`). Start of the log when omitted.", example: '0' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  after?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 1000,
    default: 100,
    description: 'Page size (JSON). With NDJSON, the whole log after `after` is streamed unless a limit is given.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class StreamAsOfQuery {
  @ApiPropertyOptional({ example: '2026-11-25T08:30:00Z', description: 'Only events recorded at or before this instant (ISO-8601 with offset).' })
  @IsOptional()
  @IsString()
  @Matches(ISO_WITH_OFFSET, { message: 'asOf must be an ISO-8601 date-time with offset (2026-11-25T08:30:00Z)' })
  asOf?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Only events up to this stream version.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version?: number;
}

export class VerifyQuery {
  @ApiPropertyOptional({ example: 'lot-L-2026-0001', description: 'Verify one stream only (no global checkpoint comparison).' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(/^[A-Za-z0-9._:/-]+$/, { message: 'streamId may hold only letters, digits and . _ : / -' })
  streamId?: string;

  @ApiPropertyOptional({ description: 'Compare with the checkpoint of this hash (kept by the auditor) instead of the latest.' })
  @IsOptional()
  @Matches(/^[a-f0-9]{64}$/, { message: 'checkpointHash must be 64 lowercase hex characters' })
  checkpointHash?: string;
}
