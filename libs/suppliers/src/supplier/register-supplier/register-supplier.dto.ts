import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches } from 'class-validator';
import { ID_PATTERN, IdField, NameField, TimestampField } from '@lotstream/recording';
import type { RegisterSupplier } from './register-supplier';

export class RegisterSupplierDto implements RegisterSupplier {
  @IdField('SUP-ACME', true, 'The id a material lot names as supplierId.') supplierId: string;
  @NameField('Acme Bar Stock GmbH') name: string;
  @ApiProperty({ example: ['SITE-A'], minItems: 1, maxItems: 50, description: 'The sites that receive its material.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(ID_PATTERN, { each: true })
  siteIds: string[];
  @TimestampField('2026-01-05T08:00:00Z', false, 'When the supplier was registered; server time if omitted.') occurredAt?: string;
}
