import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@lotstream/access';
import { CommandRoute, CommandWriter, IdentifierPipe, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { OBSOLETE_DOCUMENT_REVISION } from './document/obsolete-document-revision/obsolete-document-revision.command';
import { ObsoleteDocumentRevisionBody } from './document/obsolete-document-revision/obsolete-document-revision.dto';
import { RELEASE_DOCUMENT_REVISION } from './document/release-document-revision/release-document-revision.command';
import { ReleaseDocumentRevisionDto } from './document/release-document-revision/release-document-revision.dto';

/** Document-control writes: revisions released and obsoleted (routes from the command definitions). */
@ApiTags('documents')
@Controller()
export class DocumentsController {
  constructor(private readonly writer: CommandWriter) {}

  @CommandRoute(RELEASE_DOCUMENT_REVISION)
  release(@Body() body: ReleaseDocumentRevisionDto, @CurrentActor() actor: Actor, @Write() headers: WriteHeaders): Promise<WriteResponse> {
    return this.writer.write(RELEASE_DOCUMENT_REVISION, body, actor, headers);
  }

  @CommandRoute(OBSOLETE_DOCUMENT_REVISION)
  obsolete(
    @Param('documentId', IdentifierPipe) documentId: string,
    @Param('revision', IdentifierPipe) revision: string,
    @Body() body: ObsoleteDocumentRevisionBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(OBSOLETE_DOCUMENT_REVISION, { ...body, documentId, revision }, actor, headers);
  }
}
