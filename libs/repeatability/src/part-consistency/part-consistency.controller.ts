import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READ_ROLES, Roles } from '@lotstream/access';
import { problem, ProblemError } from '@lotstream/platform';
import { assertIdentifier } from '../path-params';
import { type PartConsistencyAnswer, PartConsistencyQuery } from './part-consistency.query';

@ApiTags('repeatability')
@Controller('v1/parts')
export class PartConsistencyController {
  constructor(@Inject(PartConsistencyQuery) private readonly query: PartConsistencyQuery) {}

  @Get(':partNumber/consistency')
  @Roles(...READ_ROLES)
  @ApiOperation({
    summary: 'Lot-by-lot consistency of a part with its baseline',
    description:
      'Baseline: the latest prototype promotion of the part, else its first production lot. Per lot: routing and SOP ' +
      'revisions vs baseline, equipment and gauges and whether they were in calibration at use, first-pass yield, ' +
      'inspection pass rate, open nonconformances and deviations. `firstArticle`: whether a new first article (AS9102) is due for the part, ' +
      'and why — the answer of GET /v1/parts/{partNumber}/first-article-status over the same sites (null without a production lot).',
  })
  async consistency(@CurrentActor() actor: Actor, @Param('partNumber') partNumber: string): Promise<PartConsistencyAnswer> {
    assertIdentifier('partNumber', partNumber);
    const answer = await this.query.consistency(partNumber, actor.sites);
    // Without a promotion, a part whose lots are all at other sites is answered as unknown (404).
    if (!answer || (answer.baseline?.source === 'first-lot' && answer.lots.length === 0)) {
      throw new ProblemError(problem(404, 'not-found', `No production lot or promotion of part "${partNumber}" is known.`));
    }
    return answer;
  }
}
