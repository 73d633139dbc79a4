import { reject, Rejection } from '@lotstream/domain';
import type { DocumentKind, DocumentRevisionReleased, RevisionIdClaimed } from '../document.events';
import type { DocumentState } from '../document.state';

/** Release a revision of a controlled document; it supersedes the previous revision from its effectiveFrom. */
export interface ReleaseDocumentRevision {
  documentId: string;
  revision: string;
  revisionId: string;
  title: string;
  kind: DocumentKind;
  siteId: string;
  operations: string[];
  effectiveFrom: string;
  requiresTraining: boolean;
  approvedBy: string;
}

/**
 * `claim` is the revision id's claim, if another release already took it. The release and the
 * claim are recorded together: both events or neither.
 */
export function decideReleaseDocumentRevision(
  command: ReleaseDocumentRevision,
  document: DocumentState,
  claim: RevisionIdClaimed['data'] | undefined,
): { release: DocumentRevisionReleased[]; claim: RevisionIdClaimed[] } | Rejection {
  if (document.revisions.has(command.revision)) {
    return reject('conflict', 'revision-already-released', `Revision ${command.revision} of document ${command.documentId} is already released.`, 'revision');
  }
  if (claim) {
    return reject(
      'conflict',
      'revision-id-taken',
      `Revision id ${command.revisionId} already names revision ${claim.revision} of document ${claim.documentId}.`,
      'revisionId',
    );
  }
  if (document.first && document.first.siteId !== command.siteId) {
    return reject('rule', 'document-site-mismatch', `Document ${command.documentId} belongs to site ${document.first.siteId}.`, 'siteId');
  }
  if (document.first && document.first.kind !== command.kind) {
    return reject('rule', 'document-kind-mismatch', `Document ${command.documentId} is a ${document.first.kind}.`, 'kind');
  }
  const { documentId, revision, revisionId, title, kind, siteId, operations, effectiveFrom, requiresTraining, approvedBy } = command;
  return {
    release: [
      {
        type: 'DocumentRevisionReleased',
        data: { documentId, revision, revisionId, title, kind, siteId, operations: [...new Set(operations)], effectiveFrom, requiresTraining, approvedBy },
      },
    ],
    claim: [{ type: 'RevisionIdClaimed', data: { revisionId, documentId, revision } }],
  };
}
