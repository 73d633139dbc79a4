import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@lotstream/access';
import { CommandRoute, CommandWriter, IdentifierPipe, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { CONSUME_MATERIAL } from './lot/consume-material/consume-material.command';
import { ConsumeMaterialBody } from './lot/consume-material/consume-material.dto';
import { RECORD_PRODUCTION_STEP } from './lot/record-production-step/record-production-step.command';
import { RecordStepBody } from './lot/record-production-step/record-production-step.dto';
import { REGISTER_LOT } from './lot/register-lot/register-lot.command';
import { RegisterLotDto } from './lot/register-lot/register-lot.dto';
import { HOLD_LOT } from './lot/hold-lot/hold-lot.command';
import { HoldLotBody } from './lot/hold-lot/hold-lot.dto';
import { RELEASE_HOLD } from './lot/release-hold/release-hold.command';
import { ReleaseHoldBody } from './lot/release-hold/release-hold.dto';
import { SHIP_LOT } from './lot/ship-lot/ship-lot.command';
import { ShipLotBody } from './lot/ship-lot/ship-lot.dto';
import { SPLIT_LOT } from './lot/split-lot/split-lot.command';
import { SplitLotBody } from './lot/split-lot/split-lot.dto';

/**
 * Production writes on lots: registration, genealogy (consumption, split), steps, shipments. Route,
 * roles and OpenAPI text come from each command's definition; the parameters here are typed with
 * the body class so the global validation pipe checks the body as before.
 */
@ApiTags('production')
@Controller()
export class ProductionController {
  constructor(private readonly writer: CommandWriter) {}

  @CommandRoute(REGISTER_LOT)
  register(@Body() body: RegisterLotDto, @CurrentActor() actor: Actor, @Write() headers: WriteHeaders): Promise<WriteResponse> {
    return this.writer.write(REGISTER_LOT, body, actor, headers);
  }

  @CommandRoute(CONSUME_MATERIAL)
  consume(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: ConsumeMaterialBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(CONSUME_MATERIAL, { ...body, lotNumber }, actor, headers);
  }

  @CommandRoute(SPLIT_LOT)
  split(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: SplitLotBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(SPLIT_LOT, { ...body, lotNumber }, actor, headers);
  }

  @CommandRoute(RECORD_PRODUCTION_STEP)
  step(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: RecordStepBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(RECORD_PRODUCTION_STEP, { ...body, lotNumber }, actor, headers);
  }

  @CommandRoute(SHIP_LOT)
  ship(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: ShipLotBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(SHIP_LOT, { ...body, lotNumber }, actor, headers);
  }

  @CommandRoute(HOLD_LOT)
  hold(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Body() body: HoldLotBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(HOLD_LOT, { ...body, lotNumber }, actor, headers);
  }

  @CommandRoute(RELEASE_HOLD)
  releaseHold(
    @Param('lotNumber', IdentifierPipe) lotNumber: string,
    @Param('holdId', IdentifierPipe) holdId: string,
    @Body() body: ReleaseHoldBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(RELEASE_HOLD, { ...body, lotNumber, holdId }, actor, headers);
  }
}
