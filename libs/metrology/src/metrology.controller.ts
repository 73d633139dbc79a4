import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@lotstream/access';
import { CommandRoute, CommandWriter, IdentifierPipe, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { RECORD_CALIBRATION } from './equipment/record-calibration/record-calibration.command';
import { RecordCalibrationBody } from './equipment/record-calibration/record-calibration.dto';
import { RECORD_MSA_STUDY } from './equipment/record-msa-study/record-msa-study.command';
import { RecordMsaStudyBody } from './equipment/record-msa-study/record-msa-study.dto';
import { REGISTER_EQUIPMENT } from './equipment/register-equipment/register-equipment.command';
import { RegisterEquipmentDto } from './equipment/register-equipment/register-equipment.dto';

/** Metrology writes: equipment under calibration control, its calibrations and its gauge R&R studies (routes from the command definitions). */
@ApiTags('metrology')
@Controller()
export class MetrologyController {
  constructor(private readonly writer: CommandWriter) {}

  @CommandRoute(REGISTER_EQUIPMENT)
  register(@Body() body: RegisterEquipmentDto, @CurrentActor() actor: Actor, @Write() headers: WriteHeaders): Promise<WriteResponse> {
    return this.writer.write(REGISTER_EQUIPMENT, body, actor, headers);
  }

  @CommandRoute(RECORD_CALIBRATION)
  calibrate(
    @Param('equipmentId', IdentifierPipe) equipmentId: string,
    @Body() body: RecordCalibrationBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(RECORD_CALIBRATION, { ...body, equipmentId }, actor, headers);
  }

  @CommandRoute(RECORD_MSA_STUDY)
  recordMsaStudy(
    @Param('equipmentId', IdentifierPipe) equipmentId: string,
    @Body() body: RecordMsaStudyBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(RECORD_MSA_STUDY, { ...body, equipmentId }, actor, headers);
  }
}
