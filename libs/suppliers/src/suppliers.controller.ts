import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@lotstream/access';
import { CommandRoute, CommandWriter, IdentifierPipe, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { APPROVE_SUPPLIER } from './supplier/approve-supplier/approve-supplier.command';
import { ApproveSupplierBody } from './supplier/approve-supplier/approve-supplier.dto';
import { REGISTER_SUPPLIER } from './supplier/register-supplier/register-supplier.command';
import { RegisterSupplierDto } from './supplier/register-supplier/register-supplier.dto';
import { REINSTATE_SUPPLIER } from './supplier/reinstate-supplier/reinstate-supplier.command';
import { ReinstateSupplierBody } from './supplier/reinstate-supplier/reinstate-supplier.dto';
import { RESUME_SAMPLING } from './supplier/resume-sampling/resume-sampling.command';
import { ResumeSamplingBody } from './supplier/resume-sampling/resume-sampling.dto';
import { SET_SAMPLING_PLAN } from './supplier/set-sampling-plan/set-sampling-plan.command';
import { SetSamplingPlanBody } from './supplier/set-sampling-plan/set-sampling-plan.dto';
import { SUSPEND_SUPPLIER } from './supplier/suspend-supplier/suspend-supplier.command';
import { SuspendSupplierBody } from './supplier/suspend-supplier/suspend-supplier.dto';

/** Supplier writes: registration, approvals, suspensions, sampling plans (routes from the command definitions). */
@ApiTags('suppliers')
@Controller()
export class SuppliersController {
  constructor(private readonly writer: CommandWriter) {}

  @CommandRoute(REGISTER_SUPPLIER)
  register(@Body() body: RegisterSupplierDto, @CurrentActor() actor: Actor, @Write() headers: WriteHeaders): Promise<WriteResponse> {
    return this.writer.write(REGISTER_SUPPLIER, body, actor, headers);
  }

  @CommandRoute(APPROVE_SUPPLIER)
  approve(
    @Param('supplierId', IdentifierPipe) supplierId: string,
    @Body() body: ApproveSupplierBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(APPROVE_SUPPLIER, { ...body, supplierId }, actor, headers);
  }

  @CommandRoute(SUSPEND_SUPPLIER)
  suspend(
    @Param('supplierId', IdentifierPipe) supplierId: string,
    @Body() body: SuspendSupplierBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(SUSPEND_SUPPLIER, { ...body, supplierId }, actor, headers);
  }

  @CommandRoute(REINSTATE_SUPPLIER)
  reinstate(
    @Param('supplierId', IdentifierPipe) supplierId: string,
    @Body() body: ReinstateSupplierBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(REINSTATE_SUPPLIER, { ...body, supplierId }, actor, headers);
  }

  @CommandRoute(SET_SAMPLING_PLAN)
  setSamplingPlan(
    @Param('supplierId', IdentifierPipe) supplierId: string,
    @Body() body: SetSamplingPlanBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(SET_SAMPLING_PLAN, { ...body, supplierId }, actor, headers);
  }

  @CommandRoute(RESUME_SAMPLING)
  resume(
    @Param('supplierId', IdentifierPipe) supplierId: string,
    @Body() body: ResumeSamplingBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(RESUME_SAMPLING, { ...body, supplierId }, actor, headers);
  }
}
