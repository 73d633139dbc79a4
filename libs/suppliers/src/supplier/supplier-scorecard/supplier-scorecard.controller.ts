import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, READ_ROLES, Roles } from '@lotstream/access';
import type { EventStore } from '@lotstream/event-store';
import { READ_MODEL_SCHEMA } from '@lotstream/messaging';
import { EVENT_STORE, PG_POOL, problem, ProblemError } from '@lotstream/platform';
import { IdentifierPipe, isTimestamp } from '@lotstream/recording';
import type { Pool } from 'pg';
import { visibleSupplier } from '../supplier-queries/visible-supplier';
import { supplierScorecard } from './supplier-scorecard.query';

/** The supplier scorecard (query side: it reads the projector's read models, like the other read routes). */
@ApiTags('suppliers')
@Controller()
export class SupplierScorecardController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Get('v1/suppliers/:supplierId/scorecard')
  @Roles(...READ_ROLES)
  @ApiParam({ name: 'supplierId', example: 'SUP-ACME' })
  @ApiQuery({ name: 'from', required: false, example: '2026-01-01T00:00:00Z' })
  @ApiQuery({ name: 'to', required: false, example: '2026-04-01T00:00:00Z' })
  @ApiOperation({
    summary: 'Supplier scorecard for a period [from, to): lots received, IQC acceptance, sample ppm, nonconformances, returns, downstream nonconformances',
    description: 'A period without decided receipts answers lotAcceptanceRate null (not 100 %).',
  })
  async scorecard(
    @CurrentActor() actor: Actor,
    @Param('supplierId', IdentifierPipe) supplierId: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ) {
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value !== undefined && !isTimestamp(value)) {
        throw new ProblemError(
          problem(400, 'bad-request', `${field} must be an ISO-8601 date-time with an offset.`, {
            errors: [{ field, message: `${field} must be an ISO-8601 date-time` }],
          }),
        );
      }
    }
    const state = await visibleSupplier(this.store, actor, supplierId);
    return supplierScorecard(this.pool, READ_MODEL_SCHEMA, supplierId, state, { from, to });
  }
}
