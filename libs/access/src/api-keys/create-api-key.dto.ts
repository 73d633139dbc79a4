import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { Role, ROLES } from '../actor';

export class CreateApiKeyDto {
  @ApiProperty({ enum: ROLES, example: 'integration' })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ type: [String], example: ['PLANT-1'], description: 'Site ids the key may see and write, or ["*"] for all.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^(\*|[A-Za-z0-9._:/-]{1,64})$/, { each: true, message: 'each site must be a site id (1–64 of [A-Za-z0-9._:/-]) or "*"' })
  sites: string[];

  @ApiProperty({ example: 'MES line 3 (Plant 1)', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  label: string;
}
