import { Module } from '@nestjs/common';
import { CommandCatalog, RecordingModule } from '@lotstream/recording';
import { ConsumeMaterialHandler } from './lot/consume-material/consume-material.handler';
import { RecordProductionStepHandler } from './lot/record-production-step/record-production-step.handler';
import { RegisterLotHandler } from './lot/register-lot/register-lot.handler';
import { ShipLotHandler } from './lot/ship-lot/ship-lot.handler';
import { SplitLotHandler } from './lot/split-lot/split-lot.handler';
import { productionCommands } from './production.commands';
import { ProductionController } from './production.controller';

const commandHandlers = [RegisterLotHandler, ConsumeMaterialHandler, SplitLotHandler, RecordProductionStepHandler, ShipLotHandler];

/** Production writes: lots, genealogy, steps, shipments. */
@Module({
  imports: [RecordingModule],
  controllers: [ProductionController],
  providers: [...commandHandlers],
})
export class ProductionModule {
  constructor(catalog: CommandCatalog) {
    catalog.register(productionCommands);
  }
}
