import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, METROLOGY_WRITERS, Roles } from '@lotstream/access';
import { ApiWrite, CommandWriter, IdentifierPipe, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { RecordCalibrationBody } from './equipment/record-calibration/record-calibration.dto';
import { RegisterEquipmentDto } from './equipment/register-equipment/register-equipment.dto';

/** Metrology writes: equipment under calibration control and its calibrations. */
@ApiTags('metrology')
@Controller('v1/equipment')
@Roles(...METROLOGY_WRITERS)
export class MetrologyController {
  constructor(private readonly writer: CommandWriter) {}

  @Post()
  @ApiWrite({
    summary: 'Register a gauge or a machine',
    description: 'An equipment id is registered once (409). A site outside the key\'s sites → 403.',
    body: RegisterEquipmentDto,
    event: 'EquipmentRegistered',
    example: { equipmentId: 'GAUGE-MIC-0042', kind: 'gauge', description: 'Outside micrometer 0–25 mm, 0.001 mm', siteId: 'SITE-A', calibrationIntervalDays: 180 },
  })
  register(@Body() body: RegisterEquipmentDto, @CurrentActor() actor: Actor, @Write() headers: WriteHeaders): Promise<WriteResponse> {
    return this.writer.write('RegisterEquipment', body, actor, headers);
  }

  @Post(':equipmentId/calibrations')
  @ApiParam({ name: 'equipmentId', example: 'GAUGE-MIC-0042' })
  @ApiWrite({
    summary: 'Record a calibration',
    description: 'Unknown equipment → 404; nextDueAt must be after performedAt (422); a calibration id is recorded once (409).',
    body: RecordCalibrationBody,
    event: 'CalibrationRecorded',
    example: {
      calibrationId: 'CAL-2026-0317',
      performedAt: '2026-11-20T10:00:00Z',
      asFound: 'in-tolerance',
      asLeft: 'in-tolerance',
      nextDueAt: '2027-05-19T10:00:00Z',
      certificateRef: 'CERT-88-2026-0317',
      performedBy: 'Metrology Lab A',
    },
  })
  calibrate(
    @Param('equipmentId', IdentifierPipe) equipmentId: string,
    @Body() body: RecordCalibrationBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write('RecordCalibration', { ...body, equipmentId }, actor, headers);
  }
}
