import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READ_ROLES, Roles } from '@lotstream/access';
import { problem, ProblemError } from '@lotstream/platform';
import { IdentifierPipe } from '@lotstream/recording';
import type { PrototypeBuildRecord } from '../prototype-build-record/prototype-build.query';
import { PrototypeQueries } from '../traceability.queries';

/** The build record of a prototype (its own stream; never part of any lot). */
@ApiTags('traceability')
@Controller('v1/prototypes')
@Roles(...READ_ROLES)
export class PrototypesController {
  constructor(@Inject(PrototypeQueries) private readonly prototypes: PrototypeQueries) {}

  @Get(':buildId')
  @ApiParam({ name: 'buildId', example: 'PB-2026-007', description: '1–64 of [A-Za-z0-9._:/-]' })
  @ApiOperation({ summary: 'Prototype build record', description: 'Part, design revision, steps, inspections, notes, outcome, promotion.' })
  async buildRecord(@CurrentActor() actor: Actor, @Param('buildId', IdentifierPipe) buildId: string): Promise<PrototypeBuildRecord> {
    const record = await this.prototypes.buildRecord(buildId, actor.sites);
    if (!record) throw new ProblemError(problem(404, 'not-found', `Prototype build ${buildId} was not found.`));
    return record;
  }
}
