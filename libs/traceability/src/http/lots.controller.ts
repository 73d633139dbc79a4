import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READ_ROLES, Roles } from '@lotstream/access';
import { problem, ProblemError } from '@lotstream/platform';
import { IdentifierPipe } from '@lotstream/recording';
import type { Genealogy } from '../lot-genealogy/lot-genealogy.query';
import type { LotHistory } from '../lot-history/lot-history.query';
import type { LotSummary } from '../lot-summary/lot-summary.query';
import { LotQueries } from '../traceability.queries';
import { GenealogyQueryDto } from './traceability.dto';

const LOT_PARAM = { name: 'lotNumber', example: 'L-2026-0001', description: '1–64 of [A-Za-z0-9._:/-]' };

/** Unknown, or of a site the key may not see: the same answer, so nothing leaks. */
const lotNotFound = (lotNumber: string): ProblemError => new ProblemError(problem(404, 'not-found', `Lot ${lotNumber} was not found.`));

/** Traceability by lot number: summary, device history record, genealogy. */
@ApiTags('traceability')
@Controller('v1/lots')
@Roles(...READ_ROLES)
export class LotsController {
  constructor(@Inject(LotQueries) private readonly lots: LotQueries) {}

  @Get(':lotNumber')
  @ApiParam(LOT_PARAM)
  @ApiOperation({
    summary: 'Lot summary',
    description:
      'Part, revision, kind, site, quantity, status, steps done, verdict counts, open nonconformances, shipments, as corrected ' +
      '(a voided step, inspection or shipment is left out). `release: {status: none|in-force|superseded, releaseId?, supersededBy?, onHold, activeHolds: [{holdId, reason}]}`: ' +
      'the latest release and whether a later correction or void superseded it, and the holds in force.',
  })
  async summary(@CurrentActor() actor: Actor, @Param('lotNumber', IdentifierPipe) lotNumber: string): Promise<LotSummary> {
    const answer = await this.lots.summary(lotNumber, actor.sites);
    if (!answer) throw lotNotFound(lotNumber);
    return answer;
  }

  @Get(':lotNumber/history')
  @ApiParam(LOT_PARAM)
  @ApiOperation({
    summary: 'Device history record',
    description:
      'Every event of the lot in stream order. Each step and inspection lists the equipment or gauge used with ' +
      '`inCalibration` true / false / "unknown" at the moment of use, computed from the calibration timeline.',
  })
  async history(@CurrentActor() actor: Actor, @Param('lotNumber', IdentifierPipe) lotNumber: string): Promise<LotHistory> {
    const answer = await this.lots.history(lotNumber, actor.sites);
    if (!answer) throw lotNotFound(lotNumber);
    return answer;
  }

  @Get(':lotNumber/genealogy')
  @ApiParam(LOT_PARAM)
  @ApiOperation({
    summary: 'Genealogy (backward: inputs; forward: what was made from it and where it was shipped)',
    description: 'Lots of sites the key may not see are left out (counted in hiddenLots). depth ≤ 100; default unlimited.',
  })
  async genealogy(@CurrentActor() actor: Actor, @Param('lotNumber', IdentifierPipe) lotNumber: string, @Query() query: GenealogyQueryDto): Promise<Genealogy> {
    const answer = await this.lots.genealogy(lotNumber, { direction: query.direction ?? 'backward', depth: query.depth }, actor.sites);
    if (!answer) throw lotNotFound(lotNumber);
    return answer;
  }
}
