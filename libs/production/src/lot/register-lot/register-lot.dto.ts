import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, Matches } from 'class-validator';
import { EnumField, ID_PATTERN, IdField, NameField, QuantityField, TimestampField } from '@lotstream/recording';
import type { LotKind } from '../lot.events';
import type { RegisterLot } from './register-lot';

export class RegisterLotDto implements RegisterLot {
  @IdField('L-2026-0001') lotNumber: string;
  @IdField('PN-4711') partNumber: string;
  @NameField('C', true, 64) partRevision: string;
  @QuantityField(500) quantity: number;
  @NameField('pcs', true, 32) unit: string;
  @IdField('SITE-A') siteId: string;
  @EnumField(['production', 'material'], 'production', false, 'Defaults to production; material for received stock.')
  kind?: LotKind;
  @NameField('Acme Metals', false) supplier?: string;
  @IdField('ACME-88123', false) supplierLotNumber?: string;
  @IdField('SUP-ACME', false, 'A registered supplier (material lots): checked against its approvals at receivedAt.') supplierId?: string;
  @TimestampField('2026-11-25T07:00:00Z', false, 'When the material was received; the time it is recorded if omitted.') receivedAt?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(ID_PATTERN, { each: true, message: 'each value in $property may hold only letters, digits and . _ : / -' })
  @ApiPropertyOptional({
    example: ['COC-ACME-88123', '3.1-2026-0412'],
    maxItems: 20,
    items: { type: 'string', minLength: 1, maxLength: 64, pattern: ID_PATTERN.source },
    description: 'Material lots: the certificates (of conformance, of analysis) that came with the delivery.',
  })
  certificateRefs?: string[];
  @NameField('R3', false, 64) routingRevision?: string;
  @TimestampField('2026-11-25T08:30:00Z', false, 'When the lot was created; server time if omitted.') occurredAt?: string;
}
