import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject } from 'class-validator';

export const MAX_BATCH = 1000;

/**
 * The envelope only: each item (`{type, idempotencyKey?, payload}`) is checked on its own, so one
 * bad item is answered with its own 400 and never fails the rest.
 */
export class BatchDto {
  /** Item payloads are validated item by item (one bad item must not fail the batch). */
  static readonly checksItemsItself = true;

  @ApiProperty({
    minItems: 1,
    maxItems: MAX_BATCH,
    description: "Up to 1,000 commands `{type, idempotencyKey?, payload}`; payloads as the command's route body plus its path ids.",
    items: {
      type: 'object',
      required: ['type', 'payload'],
      properties: {
        type: { type: 'string', example: 'RecordProductionStep' },
        idempotencyKey: { type: 'string', minLength: 1, maxLength: 200 },
        payload: { type: 'object' },
      },
    },
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  @IsObject({ each: true })
  commands: Array<Record<string, unknown>>;
}

export interface BatchItemResult {
  index: number;
  status: number;
  streamId?: string;
  streamVersion?: number;
  problem?: Record<string, unknown>;
}
