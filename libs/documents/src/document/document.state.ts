import type { DocumentRecord } from '@lotstream/domain';
import { assertNever, foldStream, LoadedStream } from '@lotstream/domain';
import type { DocumentEvent, DocumentRevisionReleased, RevisionIdClaimed } from './document.events';

/** What write decisions (and the site policy's check of a step) need to know about a document. */
export interface DocumentState {
  /** The first release's terms: site and kind of the document. */
  first?: DocumentRevisionReleased['data'];
  /** Released revisions by revision label (B, C, …). */
  revisions: ReadonlyMap<string, DocumentRevisionReleased['data']>;
  obsoleted: ReadonlySet<string>;
  /** The document as the revision rule reads it (libs/domain work-conditions). */
  record: DocumentRecord;
}

export const initialDocumentState: DocumentState = { revisions: new Map(), obsoleted: new Set(), record: { revisions: [], obsolescences: [] } };

export function evolveDocument(state: DocumentState, event: DocumentEvent): DocumentState {
  switch (event.type) {
    case 'DocumentRevisionReleased':
      return {
        ...state,
        first: state.first ?? event.data,
        revisions: new Map(state.revisions).set(event.data.revision, event.data),
        record: { ...state.record, revisions: [...state.record.revisions, { ...event.data, recorded: state.record.revisions.length + 1 }] },
      };
    case 'DocumentRevisionObsoleted':
      return {
        ...state,
        obsoleted: new Set(state.obsoleted).add(event.data.revisionId),
        record: { ...state.record, obsolescences: [...state.record.obsolescences, event.data] },
      };
    default:
      return assertNever(event);
  }
}

export const documentDecider = { initialState: initialDocumentState, evolve: evolveDocument };

export const documentOf = (stream: LoadedStream): DocumentState => foldStream(stream, initialDocumentState, evolveDocument);

/** The claim of a revision id, if any (its stream holds at most one event). */
export const revisionClaimOf = (stream: LoadedStream): RevisionIdClaimed['data'] | undefined =>
  (stream.events.find((e) => e.type === 'RevisionIdClaimed') as RevisionIdClaimed | undefined)?.data;
