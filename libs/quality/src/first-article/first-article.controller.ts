import { Controller, Get, Inject, Param, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Actor, assertSiteVisible, CurrentActor, READ_ROLES, Roles } from '@lotstream/access';
import { problem, ProblemError } from '@lotstream/platform';
import { ID_PATTERN } from '@lotstream/recording';
import type { FirstArticleDue } from './first-article-due/first-article-due';
import type { FirstArticleForms } from './first-article-form/first-article-form';
import { firstArticleHtml } from './first-article-print/first-article-html';
import { firstArticlePdf } from './first-article-print/first-article-pdf';
import { FirstArticleQuery } from './first-article.query';

/** The answers the forms route can give, JSON first so that a wildcard or missing Accept stays JSON. */
const FORM_TYPES = ['application/json', 'application/pdf', 'text/html'];

function assertIdentifier(field: string, value: string): void {
  if (value.length < 1 || value.length > 64 || !ID_PATTERN.test(value)) {
    throw new ProblemError(
      problem(400, 'validation', 'The request has 1 invalid field(s).', { errors: [{ field, message: `${field} must be 1–64 letters, digits or . _ : / -` }] }),
    );
  }
}

/** First article (AS9102): a lot's forms, and whether a new FAI is due for a part. */
@ApiTags('first-article')
@Controller('v1')
export class FirstArticleController {
  constructor(@Inject(FirstArticleQuery) private readonly query: FirstArticleQuery) {}

  @Get('lots/:lotNumber/first-article')
  @Roles(...READ_ROLES)
  @ApiOperation({
    summary: 'The AS9102 Rev C forms of a lot (JSON, PDF or print-ready HTML by Accept)',
    description:
      'Form 1 part accountability, Form 2 materials (walked backward through the genealogy) and special processes, Form 3 one row per ' +
      "characteristic of the promoted build's inspection plan with the lot's FAI results, pass/fail/missing, gauge calibration at use, and the build's mean and range beside the lot's. " +
      'Accept: application/pdf answers the same forms as a PDF (text extractable, same bytes for the same forms); Accept: text/html as one print-ready page.',
  })
  @ApiProduces(...FORM_TYPES)
  async firstArticle(
    @CurrentActor() actor: Actor,
    @Param('lotNumber') lotNumber: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FirstArticleForms | StreamableFile | string> {
    assertIdentifier('lotNumber', lotNumber);
    const notFound = `Production lot "${lotNumber}" is not known.`;
    const answer = await this.query.forms(lotNumber);
    if (!answer) throw new ProblemError(problem(404, 'not-found', notFound));
    assertSiteVisible(actor, answer.siteId, notFound);
    response.vary('Accept');
    const wanted = request.accepts(FORM_TYPES);
    if (wanted === 'application/pdf') {
      const filename = `first-article-${lotNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
      return new StreamableFile(await firstArticlePdf(answer.forms), { type: 'application/pdf', disposition: `inline; filename="${filename}"` });
    }
    if (wanted === 'text/html') {
      response.type('text/html; charset=utf-8');
      return firstArticleHtml(answer.forms);
    }
    return answer.forms;
  }

  @Get('parts/:partNumber/first-article-status')
  @Roles(...READ_ROLES)
  @ApiOperation({
    summary: 'Whether a new first article is due for the part, and why',
    description:
      'Due (AS9102 §4.6) when, since the last approved one, the part revision changed, an operation ran under another SOP revision or on a machine not used for it before, ' +
      'material came from a supplier new to the part, or production lapsed two years. Each reason names the event that caused it. Judged over the lots of the sites the key may read.',
  })
  async status(@CurrentActor() actor: Actor, @Param('partNumber') partNumber: string): Promise<FirstArticleDue> {
    assertIdentifier('partNumber', partNumber);
    const answer = await this.query.status(partNumber, actor.sites);
    if (!answer) throw new ProblemError(problem(404, 'not-found', `No production lot of part "${partNumber}" is known.`));
    return answer;
  }
}
