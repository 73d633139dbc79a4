import { Module } from '@nestjs/common';
import { CommandCatalog, RecordingModule } from '@lotstream/recording';
import { ApproveSupplierHandler } from './supplier/approve-supplier/approve-supplier.handler';
import { RecordReceivingInspectionHandler } from './supplier/record-receiving-inspection/record-receiving-inspection.handler';
import { RegisterSupplierHandler } from './supplier/register-supplier/register-supplier.handler';
import { ReinstateSupplierHandler } from './supplier/reinstate-supplier/reinstate-supplier.handler';
import { ResumeSamplingHandler } from './supplier/resume-sampling/resume-sampling.handler';
import { SetSamplingPlanHandler } from './supplier/set-sampling-plan/set-sampling-plan.handler';
import { SuspendSupplierHandler } from './supplier/suspend-supplier/suspend-supplier.handler';
import { supplierCommands } from './suppliers.commands';
import { SuppliersController } from './suppliers.controller';

const commandHandlers = [
  RegisterSupplierHandler,
  ApproveSupplierHandler,
  SuspendSupplierHandler,
  ReinstateSupplierHandler,
  SetSamplingPlanHandler,
  ResumeSamplingHandler,
  RecordReceivingInspectionHandler,
];

/** Supplier writes: registration, approvals, suspensions, sampling plans and their resumption. */
@Module({
  imports: [RecordingModule],
  controllers: [SuppliersController],
  providers: [...commandHandlers],
})
export class SuppliersModule {
  constructor(catalog: CommandCatalog) {
    catalog.register(supplierCommands);
  }
}
