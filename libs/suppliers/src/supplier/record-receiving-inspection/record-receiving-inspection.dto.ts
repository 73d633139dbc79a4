import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CountField, ID_PATTERN, IdField, TimestampField } from '@lotstream/recording';
import type { RecordReceivingInspection } from './record-receiving-inspection';

export class RecordReceivingInspectionBody implements Omit<RecordReceivingInspection, 'lotNumber'> {
  @IdField('IQC-2026-0001') inspectionId: string;
  @CountField(80, true, 1, 'Pieces inspected: the plan’s sample size, or the whole lot (100 %).') sampleSize: number;
  @CountField(1, true, 0, 'Nonconforming pieces found in the sample.') nonconforming: number;
  @TimestampField('2026-03-02T09:15:00Z') inspectedAt: string;
  @IdField('IQC-INSP-3') inspectorId: string;
  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(ID_PATTERN, { each: true })
  @ApiPropertyOptional({ example: ['DIA-OUTER'], description: 'The characteristics checked.' })
  characteristicIds?: string[];
}

export class RecordReceivingInspectionDto extends RecordReceivingInspectionBody implements RecordReceivingInspection {
  @IdField('M-2026-0042') lotNumber: string;
}
