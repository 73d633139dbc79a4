import { RELEASE_LOT } from './release/release-lot/release-lot.command';
import { ReleaseLotBody } from './release/release-lot/release-lot.dto';
import { CORRECT_EVENT } from './correction/correct-event/correct-event.command';
import { CorrectEventBody } from './correction/correct-event/correct-event.dto';
import { VOID_EVENT } from './correction/void-event/void-event.command';
import { VoidEventBody } from './correction/void-event/void-event.dto';
import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@lotstream/access';
import { CommandRoute, CommandWriter, IdentifierPipe, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { APPROVE_FIRST_ARTICLE } from './first-article/approve-first-article/approve-first-article.command';
import { ApproveFirstArticleBody } from './first-article/approve-first-article/approve-first-article.dto';
import { RECORD_INSPECTION } from './inspection/record-inspection/record-inspection.command';
import { RecordInspectionBody } from './inspection/record-inspection/record-inspection.dto';
import { DISPOSITION_NONCONFORMANCE } from './nonconformance/disposition-nonconformance/disposition-nonconformance.command';
import { DispositionNonconformanceBody } from './nonconformance/disposition-nonconformance/disposition-nonconformance.dto';
import { RAISE_NONCONFORMANCE } from './nonconformance/raise-nonconformance/raise-nonconformance.command';
import { RaiseNonconformanceBody } from './nonconformance/raise-nonconformance/raise-nonconformance.dto';

/** Quality writes on lots: inspections (verdict computed here), nonconformances and their dispositions (routes from the command definitions). */
@ApiTags('quality')
@Controller()
export class QualityController {
  constructor(private readonly writer: CommandWriter) {}

  @CommandRoute(RECORD_INSPECTION)
  inspect(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: RecordInspectionBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(RECORD_INSPECTION, { ...body, lotNumber }, actor, headers);
  }

  @CommandRoute(RAISE_NONCONFORMANCE)
  raise(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: RaiseNonconformanceBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(RAISE_NONCONFORMANCE, { ...body, lotNumber }, actor, headers);
  }

  @CommandRoute(DISPOSITION_NONCONFORMANCE)
  disposition(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Param('ncId', IdentifierPipe) ncId: string,
    @Body() body: DispositionNonconformanceBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(DISPOSITION_NONCONFORMANCE, { ...body, lotNumber, ncId }, actor, headers);
  }

  @CommandRoute(RELEASE_LOT)
  release(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: ReleaseLotBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(RELEASE_LOT, { ...body, lotNumber }, actor, headers);
  }

  @CommandRoute(APPROVE_FIRST_ARTICLE)
  approveFirstArticle(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: ApproveFirstArticleBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(APPROVE_FIRST_ARTICLE, { ...body, lotNumber }, actor, headers);
  }

  @CommandRoute(CORRECT_EVENT)
  correct(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: CorrectEventBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(CORRECT_EVENT, { ...body, lotNumber }, actor, headers);
  }

  @CommandRoute(VOID_EVENT)
  void(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: VoidEventBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(VOID_EVENT, { ...body, lotNumber }, actor, headers);
  }
}
