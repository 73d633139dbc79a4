/**
 * Events of a controlled document's stream (`document-<documentId>`): its revisions, each in force
 * from its `effectiveFrom` until the next revision takes over or it is obsoleted. A revision id
 * (e.g. `SOP-TURN-C`) is unique across documents and is what a production step sends as
 * `sopRevision`; its claim stream (`revision-<revisionId>`) holds which document it belongs to, so a
 * second document cannot reuse it and the command side can find the document of a step's revision.
 */
export type DocumentKind = 'sop' | 'work-instruction' | 'inspection-plan' | 'drawing';

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['sop', 'work-instruction', 'inspection-plan', 'drawing'];

export interface DocumentRevisionReleased {
  type: 'DocumentRevisionReleased';
  data: {
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
  };
}

export interface DocumentRevisionObsoleted {
  type: 'DocumentRevisionObsoleted';
  data: { revisionId: string; effectiveFrom: string; reason: string };
}

/** On `revision-<revisionId>`: the revision id belongs to this document (written with the release). */
export interface RevisionIdClaimed {
  type: 'RevisionIdClaimed';
  data: { revisionId: string; documentId: string; revision: string };
}

export type DocumentEvent = DocumentRevisionReleased | DocumentRevisionObsoleted;

export const DOCUMENT_EVENT_TYPES = ['DocumentRevisionReleased', 'DocumentRevisionObsoleted'] as const;

export const documentStreamId = (documentId: string): string => `document-${documentId}`;

export const revisionClaimStreamId = (revisionId: string): string => `revision-${revisionId}`;
