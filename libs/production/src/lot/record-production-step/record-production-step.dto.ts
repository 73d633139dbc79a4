import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { CountField, ID_PATTERN, IdField, NameField, ParameterMapField, TimestampField } from '@lotstream/recording';
import type { RecordProductionStep, RecordStep } from './record-production-step';

/** The body of a step, shared by production lots and prototype builds. */
export class RecordStepBody implements RecordStep {
  @IdField('OP10') stepId: string;
  @NameField('turning') operation: string;
  @CountField(10, true, 1, 'Position of the operation in the routing.') sequence: number;
  @NameField('WC-LATHE-2', true, 64) workCenter: string;
  @ApiProperty({ example: ['LATHE-07'], minItems: 1, maxItems: 50, items: { type: 'string', maxLength: 64, pattern: ID_PATTERN.source } })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(ID_PATTERN, { each: true, message: 'each value in $property may hold only letters, digits and . _ : / -' })
  equipmentIds: string[];
  @IdField('OPR-117') operatorId: string;
  @NameField('SOP-12 rev D', true, 64) sopRevision: string;
  @TimestampField('2026-11-25T08:30:00Z') startedAt: string;
  @TimestampField('2026-11-25T09:10:00Z') completedAt: string;
  @CountField(500) quantityIn: number;
  @CountField(497) quantityGood: number;
  @CountField(3) quantityScrapped: number;
  @ParameterMapField() parameters?: Record<string, number | string>;
}

export class RecordProductionStepDto extends RecordStepBody implements RecordProductionStep {
  @IdField('L-2026-0001') lotNumber: string;
}
