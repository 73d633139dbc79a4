import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, PRODUCTION_WRITERS, Roles } from '@lotstream/access';
import { ApiWrite, CommandWriter, IdentifierPipe, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { ConsumeMaterialBody } from './lot/consume-material/consume-material.dto';
import { RecordStepBody } from './lot/record-production-step/record-production-step.dto';
import { RegisterLotDto } from './lot/register-lot/register-lot.dto';
import { ShipLotBody } from './lot/ship-lot/ship-lot.dto';
import { SplitLotBody } from './lot/split-lot/split-lot.dto';

const LOT_PARAM = { name: 'lotNumber', example: 'L-2026-0001', description: '1–64 of [A-Za-z0-9._:/-]' };

/** Production writes on lots: registration, genealogy (consumption, split), steps, shipments. */
@ApiTags('production')
@Controller('v1/lots')
@Roles(...PRODUCTION_WRITERS)
export class ProductionController {
  constructor(private readonly writer: CommandWriter) {}

  @Post()
  @ApiWrite({
    summary: 'Register a lot',
    description: 'A lot number is registered once; a production lot (default) or received material (`kind: material`).',
    body: RegisterLotDto,
    event: 'LotRegistered',
    example: { lotNumber: 'L-2026-0001', partNumber: 'PN-4711', partRevision: 'C', quantity: 500, unit: 'pcs', siteId: 'SITE-A', routingRevision: 'R3' },
  })
  register(@Body() body: RegisterLotDto, @CurrentActor() actor: Actor, @Write() headers: WriteHeaders): Promise<WriteResponse> {
    return this.writer.write('RegisterLot', body, actor, headers);
  }

  @Post(':lotNumber/consumptions')
  @ApiParam(LOT_PARAM)
  @ApiWrite({
    summary: 'Record material consumed by the lot',
    description:
      'Genealogy edge input → this lot, written on both lots at once (MaterialConsumed here, MaterialIssued on the input). ' +
      'An unknown input lot, a cycle, a unit other than the input lot\'s or more than it has left → 422.',
    body: ConsumeMaterialBody,
    event: 'MaterialConsumed (and MaterialIssued on the input lot)',
    example: { inputLotNumber: 'M-2026-0042', quantity: 12.5, unit: 'kg', stepId: 'OP10' },
  })
  consume(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: ConsumeMaterialBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write('ConsumeMaterial', { ...body, lotNumber }, actor, headers);
  }

  @Post(':lotNumber/splits')
  @ApiParam(LOT_PARAM)
  @ApiWrite({
    summary: 'Split part of the lot into a new child lot',
    description: 'The child is registered with the parent\'s part; its number must be new (409) and the quantity within what the parent has left (422).',
    body: SplitLotBody,
    event: 'LotSplit (and LotRegistered of the child)',
    example: { childLotNumber: 'L-2026-0001.B', quantity: 200 },
  })
  split(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: SplitLotBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write('SplitLot', { ...body, lotNumber }, actor, headers);
  }

  @Post(':lotNumber/steps')
  @ApiParam(LOT_PARAM)
  @ApiWrite({
    summary: 'Record a completed production step',
    description: 'completedAt ≥ startedAt and good + scrapped ≤ in (else 422); a shipped lot takes no more steps (422); a step id is recorded once (409).',
    body: RecordStepBody,
    event: 'ProductionStepCompleted',
    example: {
      stepId: 'OP10',
      operation: 'turning',
      sequence: 10,
      workCenter: 'WC-LATHE-2',
      equipmentIds: ['LATHE-07'],
      operatorId: 'OPR-117',
      sopRevision: 'SOP-12 rev D',
      startedAt: '2026-11-25T08:30:00Z',
      completedAt: '2026-11-25T09:10:00Z',
      quantityIn: 500,
      quantityGood: 497,
      quantityScrapped: 3,
      parameters: { spindleSpeedRpm: 8000, coolant: 'emulsion-6%' },
    },
  })
  step(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: RecordStepBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write('RecordProductionStep', { ...body, lotNumber }, actor, headers);
  }

  @Post(':lotNumber/shipments')
  @ApiParam(LOT_PARAM)
  @ApiWrite({
    summary: 'Record a shipment of the lot',
    description: 'At most what the lot has left (422); a shipment id is recorded once per lot (409).',
    body: ShipLotBody,
    event: 'LotShipped',
    example: { shipmentId: 'SH-2026-0911', customer: 'Globex Automotive', quantity: 480, shippedAt: '2026-11-28T16:00:00Z' },
  })
  ship(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: ShipLotBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write('ShipLot', { ...body, lotNumber }, actor, headers);
  }
}
