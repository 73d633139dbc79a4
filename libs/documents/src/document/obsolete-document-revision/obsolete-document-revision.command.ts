import { DOCUMENT_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { documentStreamId } from '../document.events';
import { ObsoleteDocumentRevisionBody, ObsoleteDocumentRevisionDto } from './obsolete-document-revision.dto';
import { ObsoleteDocumentRevisionCommand } from './obsolete-document-revision.handler';

export const OBSOLETE_DOCUMENT_REVISION = defineCommand({
  type: 'ObsoleteDocumentRevision',
  payload: ObsoleteDocumentRevisionDto,
  body: ObsoleteDocumentRevisionBody,
  command: ObsoleteDocumentRevisionCommand,
  roles: DOCUMENT_WRITERS,
  route: {
    path: '/v1/documents/{documentId}/revisions/{revision}/obsolescence',
    params: [
      { name: 'documentId', example: 'SOP-TURN' },
      { name: 'revision', example: 'C' },
    ],
  },
  api: {
    summary: 'Obsolete a document revision',
    description: 'Unknown document or revision → 404; a revision is obsoleted once (409). effectiveFrom may lie in the past.',
    event: 'DocumentRevisionObsoleted',
    example: { effectiveFrom: '2026-06-01T00:00:00Z', reason: 'Replaced by a new fixture; procedure withdrawn' },
  },
  streamOf: (p) => documentStreamId(p.documentId),
});
