import { Module } from '@nestjs/common';
import { PersonnelModule } from '@lotstream/personnel';
import { CommandCatalog, RecordingModule } from '@lotstream/recording';
import { HoldLotHandler } from './lot/hold-lot/hold-lot.handler';
import { ReleaseHoldHandler } from './lot/release-hold/release-hold.handler';
import { ConsumeMaterialHandler } from './lot/consume-material/consume-material.handler';
import { RecordProductionStepHandler } from './lot/record-production-step/record-production-step.handler';
import { RegisterLotHandler } from './lot/register-lot/register-lot.handler';
import { ShipLotHandler } from './lot/ship-lot/ship-lot.handler';
import { SplitLotHandler } from './lot/split-lot/split-lot.handler';
import { productionCommands } from './production.commands';
import { ProductionController } from './production.controller';

const commandHandlers = [
  RegisterLotHandler,
  ConsumeMaterialHandler,
  SplitLotHandler,
  RecordProductionStepHandler,
  ShipLotHandler,
  HoldLotHandler,
  ReleaseHoldHandler,
];

/** Production writes: lots, genealogy, steps, shipments, holds (signatures through the personnel context). */
@Module({
  imports: [RecordingModule, PersonnelModule],
  controllers: [ProductionController],
  providers: [...commandHandlers],
})
export class ProductionModule {
  constructor(catalog: CommandCatalog) {
    catalog.register(productionCommands);
  }
}
