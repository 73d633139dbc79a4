import { Module } from '@nestjs/common';
import { COMMAND_ROUTE_POLICY } from '@lotstream/access';
import { CqrsModule } from '@nestjs/cqrs';
import { BatchController } from './batch/batch.controller';
import { COMMAND_DISPATCHER } from './command-dispatch';
import { CommandCatalog } from './command-catalog';
import { CommandRunner } from './command-runner';
import { CommandWriter } from './http/command-writer';
import { RecordingDispatcher } from './recording-dispatcher';

/**
 * The write pipeline shared by every context: the catalog of command types, the runner
 * (idempotency, If-Match, metadata, appends), the HTTP writer, the batch route and the dispatcher
 * the Kafka intake uses (COMMAND_DISPATCHER). Context modules import it and register their commands.
 */
@Module({
  imports: [CqrsModule.forRoot()],
  controllers: [BatchController],
  providers: [
    CommandCatalog,
    { provide: COMMAND_ROUTE_POLICY, useExisting: CommandCatalog },
    CommandRunner,
    CommandWriter,
    RecordingDispatcher,
    { provide: COMMAND_DISPATCHER, useExisting: RecordingDispatcher },
  ],
  exports: [CqrsModule, CommandCatalog, CommandRunner, CommandWriter, COMMAND_DISPATCHER],
})
export class RecordingModule {}
