import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsNumber, IsObject, Max, Min, ValidateNested } from 'class-validator';
import { EnumField, IdField, MAX_MEASURE, MeasureField, NameField, TimestampField } from '@lotstream/recording';
import type { Characteristic, InspectionStage } from '../inspection.events';
import type { RecordInspection, RecordInspectionFields } from './record-inspection';

export class CharacteristicDto implements Characteristic {
  @IdField('D-OUTER') id: string;
  @MeasureField(24.95, false, 'Lower specification limit.') lsl?: number;
  @MeasureField(25.05, false, 'Upper specification limit.') usl?: number;
  @MeasureField(25, false) nominal?: number;
  @NameField('mm', true, 32) unit: string;
}

/** The body of an inspection, shared by production lots and prototype builds. No `verdict`: the service computes it. */
export class RecordInspectionBody implements RecordInspectionFields {
  @IdField('INS-2026-1001') inspectionId: string;
  @EnumField(['IQC', 'IPQC', 'OQC', 'FAI'], 'IPQC') stage: InspectionStage;
  @ApiProperty({ type: CharacteristicDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CharacteristicDto)
  characteristic: CharacteristicDto;
  @ApiProperty({
    example: [25.01, 24.99, 25.0, 25.02, 24.98],
    minItems: 1,
    maxItems: 100,
    items: { type: 'number' },
    description: 'One subgroup: 1–100 finite values.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  @Min(-MAX_MEASURE, { each: true })
  @Max(MAX_MEASURE, { each: true })
  measurements: number[];
  @IdField('GAUGE-MIC-0042', true, 'A registered gauge.') gaugeId: string;
  @IdField('QC-031') inspectorId: string;
  @TimestampField('2026-11-25T09:30:00Z') inspectedAt: string;
}

export class RecordInspectionDto extends RecordInspectionBody implements RecordInspection {
  @IdField('L-2026-0001') lotNumber: string;
}
