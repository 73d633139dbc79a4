import { Module } from '@nestjs/common';
import { CommandCatalog, RecordingModule } from '@lotstream/recording';
import { RecordInspectionHandler } from './inspection/record-inspection/record-inspection.handler';
import { DispositionNonconformanceHandler } from './nonconformance/disposition-nonconformance/disposition-nonconformance.handler';
import { RaiseNonconformanceHandler } from './nonconformance/raise-nonconformance/raise-nonconformance.handler';
import { qualityCommands } from './quality.commands';
import { QualityController } from './quality.controller';

const commandHandlers = [RecordInspectionHandler, RaiseNonconformanceHandler, DispositionNonconformanceHandler];

/** Quality writes: inspections and nonconformances, on the lot's stream. */
@Module({
  imports: [RecordingModule],
  controllers: [QualityController],
  providers: [...commandHandlers],
})
export class QualityModule {
  constructor(catalog: CommandCatalog) {
    catalog.register(qualityCommands);
  }
}
