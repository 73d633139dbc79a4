import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READ_ROLES, Roles } from '@lotstream/access';
import { CLOCK, type Clock, problem, ProblemError } from '@lotstream/platform';
import { IdentifierPipe } from '@lotstream/recording';
import type { CalibrationImpact } from '../calibration-impact/calibration-impact.query';
import type { EquipmentStatusView } from '../equipment-calibration/equipment-status.query';
import type { MsaStudyView } from '../measurement-systems/msa-studies.query';
import { EquipmentQueries } from '../traceability.queries';
import { ImpactQueryDto } from './traceability.dto';

const EQUIPMENT_PARAM = { name: 'equipmentId', example: 'GAUGE-017', description: '1–64 of [A-Za-z0-9._:/-]' };

const equipmentNotFound = (equipmentId: string): ProblemError => new ProblemError(problem(404, 'not-found', `Equipment ${equipmentId} was not found.`));

/** Equipment calibration status and the impact of a calibration found out of tolerance. */
@ApiTags('traceability')
@Controller('v1/equipment')
@Roles(...READ_ROLES)
export class EquipmentController {
  constructor(
    @Inject(EquipmentQueries) private readonly equipment: EquipmentQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':equipmentId')
  @ApiParam(EQUIPMENT_PARAM)
  @ApiOperation({
    summary: 'Equipment and its calibration status now',
    description: 'status: in-calibration, overdue, out-of-tolerance, or unknown (never calibrated).',
  })
  async status(@CurrentActor() actor: Actor, @Param('equipmentId', IdentifierPipe) equipmentId: string): Promise<EquipmentStatusView> {
    const answer = await this.equipment.status(equipmentId, this.clock(), actor.sites);
    if (!answer) throw equipmentNotFound(equipmentId);
    return answer;
  }

  @Get(':equipmentId/msa-studies/:studyId')
  @ApiParam(EQUIPMENT_PARAM)
  @ApiParam({ name: 'studyId', example: 'MSA-2026-0007', description: '1–64 of [A-Za-z0-9._:/-]' })
  @ApiOperation({
    summary: 'A gauge R&R study and its verdict',
    description:
      'Both AIAG MSA methods as computed when the study was recorded: averageRange (standard deviations EV, AV, GRR, PV, TV and their ' +
      'percentages of total variation), anova (two-way table with interaction, pooled into repeatability when its p > 0.05; variances), ' +
      'verdict (acceptable, conditional, unacceptable) and verdictBasis (tolerance when both limits were given, else study-variation).',
  })
  async msaStudy(
    @CurrentActor() actor: Actor,
    @Param('equipmentId', IdentifierPipe) equipmentId: string,
    @Param('studyId', IdentifierPipe) studyId: string,
  ): Promise<MsaStudyView> {
    const answer = await this.equipment.msaStudy(equipmentId, studyId, actor.sites);
    if (!answer) throw new ProblemError(problem(404, 'not-found', `Study ${studyId} of equipment ${equipmentId} was not found.`));
    return answer;
  }

  @Get(':equipmentId/impact')
  @ApiParam(EQUIPMENT_PARAM)
  @ApiOperation({
    summary: 'Impact of a calibration found out of tolerance',
    description:
      'For the latest calibration found out of tolerance (or `calibrationId`): the inspections and steps made with the ' +
      'equipment since its previous in-tolerance calibration, their lots, every lot reached forward from them, and their ' +
      'shipments and customers. A calibration found in tolerance (or none found out of tolerance) has an empty impact.',
  })
  async impact(
    @CurrentActor() actor: Actor,
    @Param('equipmentId', IdentifierPipe) equipmentId: string,
    @Query() query: ImpactQueryDto,
  ): Promise<CalibrationImpact> {
    const outcome = await this.equipment.impact(equipmentId, { calibrationId: query.calibrationId }, actor.sites);
    if (outcome.found) return outcome.impact;
    if (outcome.reason === 'calibration-not-found') {
      throw new ProblemError(problem(404, 'not-found', `Calibration ${query.calibrationId} of equipment ${equipmentId} was not found.`));
    }
    throw equipmentNotFound(equipmentId);
  }
}
