import { Module } from '@nestjs/common';
import { SupplierScorecardController } from './supplier/supplier-scorecard/supplier-scorecard.controller';

/** Supplier reads served by the query side (query-api; standalone serves both sides). */
@Module({ controllers: [SupplierScorecardController] })
export class SupplierReadModule {}
