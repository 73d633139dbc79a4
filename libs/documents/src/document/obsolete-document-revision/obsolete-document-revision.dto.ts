import { IdField, TextField, TimestampField } from '@lotstream/recording';
import type { ObsoleteDocumentRevision } from './obsolete-document-revision';

export class ObsoleteDocumentRevisionBody implements Omit<ObsoleteDocumentRevision, 'documentId' | 'revision'> {
  @TimestampField('2026-06-01T00:00:00Z', true, 'Obsolete from this moment; may lie in the past.') effectiveFrom: string;
  @TextField('Replaced by a new fixture; procedure withdrawn') reason: string;
}

export class ObsoleteDocumentRevisionDto extends ObsoleteDocumentRevisionBody implements ObsoleteDocumentRevision {
  @IdField('SOP-TURN') documentId: string;
  @IdField('C') revision: string;
}
