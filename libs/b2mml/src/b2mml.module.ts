import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@lotstream/platform';
import { CommandCatalog, RecordingModule } from '@lotstream/recording';
import { LotQueries } from '@lotstream/traceability';
import { b2mmlCommands } from './b2mml.commands';
import { B2mmlController } from './intake/b2mml.controller';
import { ConfigureB2mmlSenderHandler } from './senders/configure-b2mml-sender/configure-b2mml-sender.handler';
import { B2mmlSendersController } from './senders/b2mml-senders.controller';

/** ISA-95 / B2MML intake: sender mappings and the BOD route (GetMaterialLot reads the lot summary read model). */
@Module({
  imports: [RecordingModule],
  controllers: [B2mmlSendersController, B2mmlController],
  providers: [ConfigureB2mmlSenderHandler, { provide: LotQueries, inject: [PG_POOL], useFactory: (pool: Pool) => new LotQueries(pool) }],
})
export class B2mmlModule {
  constructor(catalog: CommandCatalog) {
    catalog.register(b2mmlCommands);
  }
}
