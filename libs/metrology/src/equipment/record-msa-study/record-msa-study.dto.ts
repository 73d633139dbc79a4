import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsInt, IsObject, Max, Min, ValidateNested } from 'class-validator';
import { EnumField, IdField, MeasureField, NameField, TimestampField } from '@lotstream/recording';
import type { MsaCharacteristic } from '../equipment.events';
import type { MsaMeasurement } from '../../msa/gauge-rr';
import type { RecordMsaStudy } from './record-msa-study';

/** 30 parts × 10 appraisers × 10 trials, the largest study accepted. */
export const MAX_MSA_MEASUREMENTS = 3000;

export class MsaCharacteristicDto implements MsaCharacteristic {
  @IdField('D-OUTER') id: string;
  @NameField('mm', true, 32) unit: string;
  @MeasureField(24.95, false, 'Lower specification limit; with usl, %GRR is judged against the tolerance.') lsl?: number;
  @MeasureField(25.05, false, 'Upper specification limit.') usl?: number;
}

export class MsaMeasurementDto implements MsaMeasurement {
  @IdField('P1', true, 'The part (sample) measured.') part: string;
  @IdField('QC-031', true, 'Who measured it.') appraiser: string;
  @ApiProperty({ example: 1, minimum: 1, maximum: 10, type: 'integer', description: 'Trial number 1–10.' })
  @IsInt()
  @Min(1)
  @Max(10)
  trial: number;
  @MeasureField(25.002) value: number;
}

export class RecordMsaStudyBody implements Omit<RecordMsaStudy, 'equipmentId'> {
  @IdField('MSA-2026-0007') studyId: string;
  @IdField('PN-4711') partNumber: string;
  @ApiProperty({ type: MsaCharacteristicDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MsaCharacteristicDto)
  characteristic: MsaCharacteristicDto;
  @EnumField(['crossed'], 'crossed', true, 'Every part measured by every appraiser in every trial.') method: 'crossed';
  @TimestampField('2026-11-18T14:00:00Z') performedAt: string;
  @ApiProperty({
    type: [MsaMeasurementDto],
    minItems: 4,
    maxItems: MAX_MSA_MEASUREMENTS,
    description: 'Balanced: every part × appraiser × trial exactly once (2–30 parts, 1–10 appraisers, 2–10 trials).',
  })
  @IsArray()
  @ArrayMinSize(4)
  @ArrayMaxSize(MAX_MSA_MEASUREMENTS)
  @ValidateNested({ each: true })
  @Type(() => MsaMeasurementDto)
  measurements: MsaMeasurementDto[];
}

export class RecordMsaStudyDto extends RecordMsaStudyBody implements RecordMsaStudy {
  @IdField('GAUGE-MIC-0042') equipmentId: string;
}
