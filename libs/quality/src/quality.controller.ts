import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, QUALITY_WRITERS, Roles } from '@lotstream/access';
import { ApiWrite, CommandWriter, IdentifierPipe, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { RecordInspectionBody } from './inspection/record-inspection/record-inspection.dto';
import { DispositionNonconformanceBody } from './nonconformance/disposition-nonconformance/disposition-nonconformance.dto';
import { RaiseNonconformanceBody } from './nonconformance/raise-nonconformance/raise-nonconformance.dto';

const LOT_PARAM = { name: 'lotNumber', example: 'L-2026-0001' };

/** Quality writes on lots: inspections (verdict computed here), nonconformances and their dispositions. */
@ApiTags('quality')
@Controller('v1/lots/:lotNumber')
@Roles(...QUALITY_WRITERS)
export class QualityController {
  constructor(private readonly writer: CommandWriter) {}

  @Post('inspections')
  @ApiParam(LOT_PARAM)
  @ApiWrite({
    summary: 'Record an inspection (one subgroup of measurements)',
    description:
      'The verdict is computed from the limits (pass when every value is within them, inclusive; n/a without limits) — a `verdict` in the body is refused (400). ' +
      'The gauge must be registered equipment of kind gauge (422); lsl > usl → 422.',
    body: RecordInspectionBody,
    event: 'InspectionRecorded',
    example: {
      inspectionId: 'INS-2026-1001',
      stage: 'IPQC',
      characteristic: { id: 'D-OUTER', lsl: 24.95, usl: 25.05, nominal: 25, unit: 'mm' },
      measurements: [25.01, 24.99, 25.0, 25.02, 24.98],
      gaugeId: 'GAUGE-MIC-0042',
      inspectorId: 'QC-031',
      inspectedAt: '2026-11-25T09:30:00Z',
    },
  })
  inspect(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: RecordInspectionBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write('RecordInspection', { ...body, lotNumber }, actor, headers);
  }

  @Post('nonconformances')
  @ApiParam(LOT_PARAM)
  @ApiWrite({
    summary: 'Raise a nonconformance on the lot',
    description: 'An NC id is raised once per lot (409); quantityAffected at most the lot quantity (422).',
    body: RaiseNonconformanceBody,
    event: 'NonconformanceRaised',
    example: { ncId: 'NC-2026-0077', description: 'Outer diameter above USL on 12 pieces after OP20 (tool wear).', quantityAffected: 12 },
  })
  raise(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: RaiseNonconformanceBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write('RaiseNonconformance', { ...body, lotNumber }, actor, headers);
  }

  @Post('nonconformances/:ncId/disposition')
  @ApiParam(LOT_PARAM)
  @ApiParam({ name: 'ncId', example: 'NC-2026-0077' })
  @ApiWrite({
    summary: 'Disposition a nonconformance',
    description: 'Unknown NC → 404; an NC is dispositioned once (409).',
    body: DispositionNonconformanceBody,
    event: 'NonconformanceDispositioned',
    example: { disposition: 'rework', authorizedBy: 'QE J. Moreau (MRB)' },
  })
  disposition(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Param('ncId', IdentifierPipe) ncId: string,
    @Body() body: DispositionNonconformanceBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write('DispositionNonconformance', { ...body, lotNumber, ncId }, actor, headers);
  }
}
