import { Module } from '@nestjs/common';
import { CommandCatalog, RecordingModule } from '@lotstream/recording';
import { ObsoleteDocumentRevisionHandler } from './document/obsolete-document-revision/obsolete-document-revision.handler';
import { ReleaseDocumentRevisionHandler } from './document/release-document-revision/release-document-revision.handler';
import { documentsCommands } from './documents.commands';
import { DocumentsController } from './documents.controller';

const commandHandlers = [ReleaseDocumentRevisionHandler, ObsoleteDocumentRevisionHandler];

/** Document control: revisions of SOPs, work instructions, inspection plans and drawings. */
@Module({
  imports: [RecordingModule],
  controllers: [DocumentsController],
  providers: [...commandHandlers],
})
export class DocumentsModule {
  constructor(catalog: CommandCatalog) {
    catalog.register(documentsCommands);
  }
}
