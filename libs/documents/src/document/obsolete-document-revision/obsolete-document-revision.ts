import { Decision, reject } from '@lotstream/domain';
import type { DocumentRevisionObsoleted } from '../document.events';
import type { DocumentState } from '../document.state';

/** Withdraw a revision from a moment on: work under it from then is work under an obsolete revision. */
export interface ObsoleteDocumentRevision {
  documentId: string;
  revision: string;
  effectiveFrom: string;
  reason: string;
}

export function decideObsoleteDocumentRevision(command: ObsoleteDocumentRevision, document: DocumentState): Decision<DocumentRevisionObsoleted> {
  const released = document.revisions.get(command.revision);
  if (!released) return reject('not-found', 'revision-not-found', `Revision ${command.revision} of document ${command.documentId} was not found.`);
  if (document.obsoleted.has(released.revisionId)) {
    return reject('conflict', 'revision-already-obsolete', `Revision ${command.revision} of document ${command.documentId} is already obsolete.`, 'revision');
  }
  return [{ type: 'DocumentRevisionObsoleted', data: { revisionId: released.revisionId, effectiveFrom: command.effectiveFrom, reason: command.reason } }];
}
