import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READ_ROLES, Roles } from '@lotstream/access';
import { problem, ProblemError } from '@lotstream/platform';
import { assertIdentifier } from '../path-params';
import type { SpcError } from '../spc';
import { CapabilityQueryDto } from './characteristic-capability.dto';
import { type CapabilityAnswer, CharacteristicCapabilityQuery, type SupplierCapabilityAnswer } from './characteristic-capability.query';

function spcProblem(error: SpcError): ProblemError {
  const details: Record<SpcError['kind'], string> = {
    'no-subgroups': 'There are no subgroups to analyse.',
    'unequal-subgroup-sizes': 'Subgroup sizes vary and include single measurements: no chart can pool them.',
    'subgroup-size-out-of-range': 'A subgroup is larger than the tabulated control-chart constants allow (25).',
    'insufficient-data': 'There is not enough data for this chart.',
    'invalid-subgroup': 'A stored subgroup is not valid.',
    'invalid-spec-limits': 'The specification limits of the most recent inspection are not usable (LSL must be below USL).',
    'chart-not-applicable': 'That chart does not apply to these subgroups.',
  };
  return new ProblemError(problem(422, `spc-${error.kind}`, details[error.kind], { spc: error }));
}

const noData = (partNumber: string, characteristicId: string): ProblemError =>
  new ProblemError(problem(404, 'not-found', `No production inspections of characteristic "${characteristicId}" of part "${partNumber}" match.`));

@ApiTags('repeatability')
@Controller('v1/parts')
export class CharacteristicCapabilityController {
  constructor(@Inject(CharacteristicCapabilityQuery) private readonly query: CharacteristicCapabilityQuery) {}

  @Get(':partNumber/characteristics/:characteristicId/capability')
  @Roles(...READ_ROLES)
  @ApiOperation({
    summary: 'Process capability and control chart of one characteristic over production lots',
    description:
      'One InspectionRecorded of a production lot = one subgroup, ordered by inspectedAt (then inspectionId). ' +
      'Limits (lsl/usl/target) are those of the most recent inspection of the selection (see specLimits). ' +
      '404 when there is no data; 422 when the data cannot be charted. ' +
      'With groupBy=supplier: {groupBy, lots, subgroups, mixedLots, groups: [{source: supplier|unverified|no-supplier, supplierId, ' +
      'unverifiedSuppliers, lots, mixedLots, mixed, capability, spcError}]} — the selection split by the supplier(s) of the material each ' +
      "production lot consumed (backward genealogy through intermediate lots and splits; material lots of sites out of the key's scope are " +
      'not looked at). A lot whose material came from two suppliers counts in both groups and is listed in their mixedLots (mixed: true). ' +
      "capability is the ungrouped answer computed on the group's subgroups; null with spcError when they cannot be charted (the group " +
      'stays in the answer).',
  })
  async capability(
    @CurrentActor() actor: Actor,
    @Param('partNumber') partNumber: string,
    @Param('characteristicId') characteristicId: string,
    @Query() params: CapabilityQueryDto,
  ): Promise<CapabilityAnswer | SupplierCapabilityAnswer> {
    assertIdentifier('partNumber', partNumber);
    assertIdentifier('characteristicId', characteristicId);
    if (params.from && params.to && Date.parse(params.from) >= Date.parse(params.to)) {
      throw new ProblemError(
        problem(400, 'validation', 'The request has 1 invalid field(s).', { errors: [{ field: 'to', message: 'to must be after from' }] }),
      );
    }
    const { groupBy, ...selection } = params;
    const criteria = { partNumber, characteristicId, ...selection, sites: actor.sites };
    if (groupBy === 'supplier') {
      const grouped = await this.query.capabilityBySupplier(criteria);
      if (grouped.kind === 'no-data') throw noData(partNumber, characteristicId);
      return grouped.answer;
    }
    const outcome = await this.query.capability(criteria);
    switch (outcome.kind) {
      case 'ok':
        return outcome.answer;
      case 'no-data':
        throw noData(partNumber, characteristicId);
      case 'spc-error':
        throw spcProblem(outcome.error);
    }
  }
}
