import { Module } from '@nestjs/common';
import { CommandCatalog, RecordingModule } from '@lotstream/recording';
import { CompletePrototypeBuildHandler } from './build/complete-prototype-build/complete-prototype-build.handler';
import { PromotePrototypeHandler } from './build/promote-prototype/promote-prototype.handler';
import { RecordPrototypeInspectionHandler } from './build/record-prototype-inspection/record-prototype-inspection.handler';
import { RecordPrototypeNoteHandler } from './build/record-prototype-note/record-prototype-note.handler';
import { RecordPrototypeStepHandler } from './build/record-prototype-step/record-prototype-step.handler';
import { StartPrototypeBuildHandler } from './build/start-prototype-build/start-prototype-build.handler';
import { prototypingCommands } from './prototyping.commands';
import { PrototypingController } from './prototyping.controller';

const commandHandlers = [
  StartPrototypeBuildHandler,
  RecordPrototypeStepHandler,
  RecordPrototypeInspectionHandler,
  RecordPrototypeNoteHandler,
  CompletePrototypeBuildHandler,
  PromotePrototypeHandler,
];

/** Prototype build writes, on prototype streams only. */
@Module({
  imports: [RecordingModule],
  controllers: [PrototypingController],
  providers: [...commandHandlers],
})
export class PrototypingModule {
  constructor(catalog: CommandCatalog) {
    catalog.register(prototypingCommands);
  }
}
