import { Body, Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, READ_ROLES, Roles } from '@lotstream/access';
import { isRejection } from '@lotstream/domain';
import type { EventStore } from '@lotstream/event-store';
import { CLOCK, Clock, EVENT_STORE, problem, ProblemError } from '@lotstream/platform';
import { visibleSupplier } from './supplier/supplier-queries/visible-supplier';
import { CommandRoute, CommandWriter, IdentifierPipe, rejectionProblem, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { samplingAnswer, supplierAnswer } from './supplier/supplier-queries/supplier-answers';
import type { SupplierState } from './supplier/supplier.state';
import { APPROVE_SUPPLIER } from './supplier/approve-supplier/approve-supplier.command';
import { ApproveSupplierBody } from './supplier/approve-supplier/approve-supplier.dto';
import { RECORD_RECEIVING_INSPECTION } from './supplier/record-receiving-inspection/record-receiving-inspection.command';
import { RecordReceivingInspectionBody } from './supplier/record-receiving-inspection/record-receiving-inspection.dto';
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
  constructor(
    private readonly writer: CommandWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The supplier folded from its own stream (never a lagging read model), as recorded up to `asOf` when given. */
  private supplier(actor: Actor, supplierId: string, asOf?: string): Promise<SupplierState> {
    return visibleSupplier(this.store, actor, supplierId, asOf);
  }

  @Get('v1/suppliers/:supplierId')
  @Roles(...READ_ROLES)
  @ApiParam({ name: 'supplierId', example: 'SUP-ACME' })
  @ApiOperation({ summary: 'A supplier: approvals with their status now, suspensions, sampling plans and severity per part' })
  async get(@CurrentActor() actor: Actor, @Param('supplierId', IdentifierPipe) supplierId: string) {
    const now = this.clock().toISOString();
    return supplierAnswer(await this.supplier(actor, supplierId), now);
  }

  @Get('v1/suppliers/:supplierId/sampling')
  @Roles(...READ_ROLES)
  @ApiParam({ name: 'supplierId', example: 'SUP-ACME' })
  @ApiQuery({ name: 'partNumber', example: 'BAR-4140-32' })
  @ApiQuery({ name: 'lotSize', example: 1000 })
  @ApiQuery({ name: 'asOf', required: false, example: '2026-03-01T00:00:00Z' })
  @ApiOperation({
    summary: 'What the inspector pulls for the next receipt (ISO 2859-1 plan at the current severity)',
    description: 'lotSize a whole number 2 … 100 000 000 (400 otherwise); no plan for the part → 404. asOf replays the answer as of a past moment.',
  })
  async sampling(
    @CurrentActor() actor: Actor,
    @Param('supplierId', IdentifierPipe) supplierId: string,
    @Query('partNumber', IdentifierPipe) partNumber: string,
    @Query('lotSize') lotSizeText: string,
    @Query('asOf') asOf?: string,
  ) {
    if (typeof lotSizeText !== 'string' || !/^[0-9]{1,12}$/.test(lotSizeText)) {
      throw new ProblemError(
        problem(400, 'bad-request', 'lotSize must be a whole number.', { errors: [{ field: 'lotSize', message: 'lotSize must be a whole number' }] }),
      );
    }
    const answer = samplingAnswer(await this.supplier(actor, supplierId, asOf), partNumber, Number(lotSizeText));
    if (isRejection(answer)) {
      const refusal = rejectionProblem(answer);
      // A lot size outside the standard's range is bad input on a query.
      throw new ProblemError(answer.code === 'lot-size-out-of-range' ? { ...refusal, status: 400 } : refusal);
    }
    return answer;
  }

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

  @CommandRoute(RECORD_RECEIVING_INSPECTION)
  recordReceivingInspection(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: RecordReceivingInspectionBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(RECORD_RECEIVING_INSPECTION, { ...body, lotNumber }, actor, headers);
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
