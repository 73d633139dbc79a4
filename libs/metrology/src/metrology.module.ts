import { Module } from '@nestjs/common';
import { CommandCatalog, RecordingModule } from '@lotstream/recording';
import { RecordCalibrationHandler } from './equipment/record-calibration/record-calibration.handler';
import { RecordMsaStudyHandler } from './equipment/record-msa-study/record-msa-study.handler';
import { RegisterEquipmentHandler } from './equipment/register-equipment/register-equipment.handler';
import { metrologyCommands } from './metrology.commands';
import { MetrologyController } from './metrology.controller';

const commandHandlers = [RegisterEquipmentHandler, RecordCalibrationHandler, RecordMsaStudyHandler];

/** Metrology writes: equipment and calibrations. */
@Module({
  imports: [RecordingModule],
  controllers: [MetrologyController],
  providers: [...commandHandlers],
})
export class MetrologyModule {
  constructor(catalog: CommandCatalog) {
    catalog.register(metrologyCommands);
  }
}
