import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { EnumField, IdField, NameField } from '@lotstream/recording';
import { PRODUCTION_LOT_SOURCES, ProductionLotSource } from '../b2mml-sender.events';
import type { ConfigureB2mmlSender } from './configure-b2mml-sender';

export class SenderDefaultsDto {
  @NameField('C', false, 64, 'partRevision of lots whose BOD names none.') partRevision?: string;
  @NameField('pcs', false, 32, 'unit of quantities whose BOD names no UnitOfMeasure.') unit?: string;
}

export class ConfigureB2mmlSenderBody implements Omit<ConfigureB2mmlSender, 'logicalId'> {
  @IdField('SITE-A', true, 'The site every BOD of this sender records into.') siteId: string;
  @ApiProperty({ type: SenderDefaultsDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => SenderDefaultsDto)
  defaults: SenderDefaultsDto;
  @EnumField(PRODUCTION_LOT_SOURCES, 'ProductionResponse/ID', true, 'Which B2MML element names the lot a production response is about.')
  productionLot: ProductionLotSource;
}

export class ConfigureB2mmlSenderDto extends ConfigureB2mmlSenderBody implements ConfigureB2mmlSender {
  @IdField('MES-1', true, 'ApplicationArea/Sender/LogicalID, or `default`.') logicalId: string;
}
