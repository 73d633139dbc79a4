import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';
import { INSPECTION_LEVELS, InspectionLevel, SEVERITIES, Severity } from '../../sampling/iso2859-tables';
import { EnumField, IdField } from '@lotstream/recording';
import type { SetSamplingPlan } from './set-sampling-plan';

export class SetSamplingPlanBody implements Omit<SetSamplingPlan, 'supplierId'> {
  @IdField('BAR-4140-32') partNumber: string;
  @EnumField(INSPECTION_LEVELS, 'II') inspectionLevel: InspectionLevel;
  @ApiProperty({ example: 1.0, description: 'A preferred AQL value of ISO 2859-1 (0.010 … 1000).' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(1000)
  aql: number;
  @EnumField(SEVERITIES, 'normal', false, 'The severity to start on; normal when omitted.') severity?: Severity;
}

export class SetSamplingPlanDto extends SetSamplingPlanBody implements SetSamplingPlan {
  @IdField('SUP-ACME') supplierId: string;
}
