import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsString, Length, Matches } from 'class-validator';
import { APPROVAL_BASES, ApprovalBasis } from '../supplier.events';
import { EnumField, ID_PATTERN, IdField, NameField, TimestampField } from '@lotstream/recording';
import type { ApproveSupplier } from './approve-supplier';

export class ApproveSupplierBody implements Omit<ApproveSupplier, 'supplierId'> {
  @IdField('APR-2026-01') approvalId: string;
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  @Matches(ID_PATTERN, { each: true })
  @ApiPropertyOptional({ example: ['BAR-4140-32'], description: 'The part numbers approved; or give commodity.' })
  partNumbers?: string[];
  @NameField('bar stock', false, 200, 'A commodity approved instead of part numbers; a lot may name it.') commodity?: string;
  @TimestampField('2026-01-01T00:00:00Z') validFrom: string;
  @TimestampField('2027-01-01T00:00:00Z', false, 'Open-ended when omitted; must be after validFrom.') validUntil?: string;
  @EnumField(APPROVAL_BASES, 'audit') basis: ApprovalBasis;
  @NameField('AUD-2025-118', false) evidenceRef?: string;
  @IdField('QE-004', true, 'The person who approved it.') approvedBy: string;
}

export class ApproveSupplierDto extends ApproveSupplierBody implements ApproveSupplier {
  @IdField('SUP-ACME') supplierId: string;
}
