import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, PROTOTYPE_WRITERS, Roles } from '@lotstream/access';
import { RecordStepBody } from '@lotstream/production';
import { RecordInspectionBody } from '@lotstream/quality';
import { ApiWrite, CommandWriter, IdentifierPipe, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { CompletePrototypeBuildBody } from './build/complete-prototype-build/complete-prototype-build.dto';
import { PromotePrototypeBody } from './build/promote-prototype/promote-prototype.dto';
import { RecordPrototypeNoteBody } from './build/record-prototype-note/record-prototype-note.dto';
import { StartPrototypeBuildDto } from './build/start-prototype-build/start-prototype-build.dto';

const BUILD_PARAM = { name: 'buildId', example: 'PB-2026-007' };

/** Prototype builds: written only to `prototype-<buildId>` streams, never to lots or production statistics. */
@ApiTags('prototyping')
@Controller('v1/prototypes')
@Roles(...PROTOTYPE_WRITERS)
export class PrototypingController {
  constructor(private readonly writer: CommandWriter) {}

  @Post()
  @ApiWrite({
    summary: 'Start a prototype build',
    description: 'A build id is used once (409) and may not be a production lot number (422). A site outside the key\'s sites → 403.',
    body: StartPrototypeBuildDto,
    event: 'PrototypeBuildStarted',
    example: {
      buildId: 'PB-2026-007',
      partNumber: 'PN-4711',
      designRevision: 'D0.3',
      siteId: 'SITE-A',
      requestedBy: 'R&D J. Park',
      purpose: 'Validate the thin-wall design before tooling the production routing.',
    },
  })
  start(@Body() body: StartPrototypeBuildDto, @CurrentActor() actor: Actor, @Write() headers: WriteHeaders): Promise<WriteResponse> {
    return this.writer.write('StartPrototypeBuild', body, actor, headers);
  }

  @Post(':buildId/steps')
  @ApiParam(BUILD_PARAM)
  @ApiWrite({
    summary: 'Record a step of the build',
    description: 'Same body and rules as a lot step; a completed build takes no more steps (422).',
    body: RecordStepBody,
    event: 'PrototypeStepRecorded',
    example: {
      stepId: 'OP10',
      operation: 'turning',
      sequence: 10,
      workCenter: 'WC-PROTO-1',
      equipmentIds: ['LATHE-02'],
      operatorId: 'OPR-009',
      sopRevision: 'draft',
      startedAt: '2026-10-02T08:00:00Z',
      completedAt: '2026-10-02T11:30:00Z',
      quantityIn: 2,
      quantityGood: 1,
      quantityScrapped: 1,
    },
  })
  step(@Param('buildId', IdentifierPipe) buildId: string, @Body() body: RecordStepBody, @CurrentActor() actor: Actor, @Write() headers: WriteHeaders): Promise<WriteResponse> {
    return this.writer.write('RecordPrototypeStep', { ...body, buildId }, actor, headers);
  }

  @Post(':buildId/inspections')
  @ApiParam(BUILD_PARAM)
  @ApiWrite({
    summary: 'Record an inspection of the build',
    description: 'Same body and rules as a lot inspection (verdict computed, gauge checked); never enters production statistics.',
    body: RecordInspectionBody,
    event: 'PrototypeInspectionRecorded',
    example: {
      inspectionId: 'PINS-001',
      stage: 'FAI',
      characteristic: { id: 'WALL', lsl: 1.15, usl: 1.25, unit: 'mm' },
      measurements: [1.21],
      gaugeId: 'GAUGE-MIC-0042',
      inspectorId: 'QC-031',
      inspectedAt: '2026-10-02T12:00:00Z',
    },
  })
  inspect(
    @Param('buildId', IdentifierPipe) buildId: string,
    @Body() body: RecordInspectionBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write('RecordPrototypeInspection', { ...body, buildId }, actor, headers);
  }

  @Post(':buildId/notes')
  @ApiParam(BUILD_PARAM)
  @ApiWrite({
    summary: 'Add a note (decision, deviation, issue) to the build',
    body: RecordPrototypeNoteBody,
    event: 'PrototypeNoteAdded',
    example: { kind: 'decision', text: 'Wall thickness raised to 1.2 mm after chatter on the first piece.' },
  })
  note(
    @Param('buildId', IdentifierPipe) buildId: string,
    @Body() body: RecordPrototypeNoteBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write('RecordPrototypeNote', { ...body, buildId }, actor, headers);
  }

  @Post(':buildId/completion')
  @ApiParam(BUILD_PARAM)
  @ApiWrite({
    summary: 'Complete the build with its outcome',
    description: 'Once (409).',
    body: CompletePrototypeBuildBody,
    event: 'PrototypeBuildCompleted',
    example: { outcome: 'accepted' },
  })
  complete(
    @Param('buildId', IdentifierPipe) buildId: string,
    @Body() body: CompletePrototypeBuildBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write('CompletePrototypeBuild', { ...body, buildId }, actor, headers);
  }

  @Post(':buildId/promotion')
  @ApiParam(BUILD_PARAM)
  @ApiWrite({
    summary: 'Promote the build to the production baseline of its part',
    description: 'Only after completion with outcome accepted (422); once (409).',
    body: PromotePrototypeBody,
    event: 'PrototypePromoted',
    example: { partRevision: 'D', routingRevision: 'R1', sopRevisions: { turning: 'SOP-12 rev A' } },
  })
  promote(
    @Param('buildId', IdentifierPipe) buildId: string,
    @Body() body: PromotePrototypeBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write('PromotePrototype', { ...body, buildId }, actor, headers);
  }
}
