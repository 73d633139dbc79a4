import { DOCUMENT_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { documentStreamId, revisionClaimStreamId } from '../document.events';
import { ReleaseDocumentRevisionDto } from './release-document-revision.dto';
import { ReleaseDocumentRevisionCommand } from './release-document-revision.handler';

export const RELEASE_DOCUMENT_REVISION = defineCommand({
  type: 'ReleaseDocumentRevision',
  payload: ReleaseDocumentRevisionDto,
  command: ReleaseDocumentRevisionCommand,
  roles: DOCUMENT_WRITERS,
  route: { path: '/v1/documents' },
  api: {
    summary: 'Release a document revision',
    description:
      "The revision supersedes the document's previous revision from its effectiveFrom. A revision is released once per document (409) and a revision id once across documents (409); a later revision keeps the document's site and kind (422). A site outside the key's sites → 403.",
    event: 'DocumentRevisionReleased',
    example: {
      documentId: 'SOP-TURN',
      revision: 'C',
      revisionId: 'SOP-TURN-C',
      title: 'Turning of shafts, lathe cell 2',
      kind: 'sop',
      siteId: 'SITE-A',
      operations: ['turning'],
      effectiveFrom: '2026-02-01T00:00:00Z',
      requiresTraining: true,
      approvedBy: 'QE-004',
    },
  },
  streamOf: (p) => documentStreamId(p.documentId),
  reads: (p) => [revisionClaimStreamId(p.revisionId)],
});
