import { Controller, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, CurrentActor, Roles } from '@lotstream/access';
import { problem, ProblemError } from '@lotstream/platform';
import { CommandRunner, Write, WriteHeaders } from '@lotstream/recording';
import { LotQueries } from '@lotstream/traceability';
import type { EventStore } from '@lotstream/event-store';
import { EVENT_STORE } from '@lotstream/platform';
import { acknowledgementXml } from './acknowledgement';
import { B2mmlIntake, b2mmlIntakeOf } from './b2mml-intake';

export const XML_TYPES = ['application/xml', 'text/xml'];

/** ISA-95 / B2MML in: one BOD per request, each noun run like a /v1/batch item. */
@ApiTags('b2mml')
@Controller('v1/integrations/b2mml')
export class B2mmlController {
  private readonly intake: B2mmlIntake;

  constructor(runner: CommandRunner, @Inject(EVENT_STORE) store: EventStore, @Inject(LotQueries) lots: LotQueries) {
    this.intake = b2mmlIntakeOf(runner, store, lots);
  }

  @Post()
  @HttpCode(200)
  @Roles('integration')
  @ApiConsumes('application/xml', 'text/xml')
  @ApiOperation({
    summary: 'Record one B2MML business object document (V0401–V0701)',
    description:
      'Sync and Process record each noun as the command the JSON intake takes (independently, like /v1/batch items); Get answers with Show ' +
      '(GetMaterialLot → ShowMaterialLot); Change and Cancel are refused. The answer is ConfirmBOD (Acknowledge<Noun> for Process) as XML, ' +
      'or the same as JSON with Accept: application/json. A DOCTYPE, nesting deeper than 64, too many elements or a body over the limit → 400.',
  })
  async post(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
    @Headers('accept') accept?: string,
  ): Promise<unknown> {
    if (typeof request.body !== 'string' || !request.is(XML_TYPES)) {
      throw new ProblemError(problem(415, 'unsupported-media-type', 'Send one B2MML BOD as application/xml or text/xml.'));
    }
    const json = /application\/(problem\+)?json/.test(accept ?? '');
    const xml = request.body;
    const bod = B2mmlIntake.read(xml);
    if (B2mmlIntake.isGet(bod)) {
      const { xml: shown, ...answer } = await this.intake.show(bod, actor);
      if (json) return answer;
      response.type('application/xml');
      return shown;
    }
    const answer = await this.intake.record(xml, bod, actor, headers.correlationId);
    if (json) return answer;
    response.type('application/xml');
    return acknowledgementXml(bod, answer);
  }
}
