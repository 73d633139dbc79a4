import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@lotstream/access';
import { RecordStepBody } from '@lotstream/production';
import { RecordInspectionBody } from '@lotstream/quality';
import { CommandRoute, CommandWriter, IdentifierPipe, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { COMPLETE_PROTOTYPE_BUILD } from './build/complete-prototype-build/complete-prototype-build.command';
import { CompletePrototypeBuildBody } from './build/complete-prototype-build/complete-prototype-build.dto';
import { PROMOTE_PROTOTYPE } from './build/promote-prototype/promote-prototype.command';
import { PromotePrototypeBody } from './build/promote-prototype/promote-prototype.dto';
import { RECORD_PROTOTYPE_INSPECTION } from './build/record-prototype-inspection/record-prototype-inspection.command';
import { RECORD_PROTOTYPE_NOTE } from './build/record-prototype-note/record-prototype-note.command';
import { RecordPrototypeNoteBody } from './build/record-prototype-note/record-prototype-note.dto';
import { RECORD_PROTOTYPE_STEP } from './build/record-prototype-step/record-prototype-step.command';
import { START_PROTOTYPE_BUILD } from './build/start-prototype-build/start-prototype-build.command';
import { StartPrototypeBuildDto } from './build/start-prototype-build/start-prototype-build.dto';

/** Prototype builds: written only to `prototype-<buildId>` streams, never to lots or production statistics (routes from the command definitions). */
@ApiTags('prototyping')
@Controller()
export class PrototypingController {
  constructor(private readonly writer: CommandWriter) {}

  @CommandRoute(START_PROTOTYPE_BUILD)
  start(@Body() body: StartPrototypeBuildDto, @CurrentActor() actor: Actor, @Write() headers: WriteHeaders): Promise<WriteResponse> {
    return this.writer.write(START_PROTOTYPE_BUILD, body, actor, headers);
  }

  @CommandRoute(RECORD_PROTOTYPE_STEP)
  step(
    @Param('buildId', IdentifierPipe) buildId: string,
    @Body() body: RecordStepBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(RECORD_PROTOTYPE_STEP, { ...body, buildId }, actor, headers);
  }

  @CommandRoute(RECORD_PROTOTYPE_INSPECTION)
  inspect(
    @Param('buildId', IdentifierPipe) buildId: string,
    @Body() body: RecordInspectionBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(RECORD_PROTOTYPE_INSPECTION, { ...body, buildId }, actor, headers);
  }

  @CommandRoute(RECORD_PROTOTYPE_NOTE)
  note(
    @Param('buildId', IdentifierPipe) buildId: string,
    @Body() body: RecordPrototypeNoteBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(RECORD_PROTOTYPE_NOTE, { ...body, buildId }, actor, headers);
  }

  @CommandRoute(COMPLETE_PROTOTYPE_BUILD)
  complete(
    @Param('buildId', IdentifierPipe) buildId: string,
    @Body() body: CompletePrototypeBuildBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(COMPLETE_PROTOTYPE_BUILD, { ...body, buildId }, actor, headers);
  }

  @CommandRoute(PROMOTE_PROTOTYPE)
  promote(
    @Param('buildId', IdentifierPipe) buildId: string,
    @Body() body: PromotePrototypeBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(PROMOTE_PROTOTYPE, { ...body, buildId }, actor, headers);
  }
}
