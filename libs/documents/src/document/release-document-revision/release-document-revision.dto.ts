import { IsBoolean } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { EnumField, IdField, NameField, NameListField, TimestampField } from '@lotstream/recording';
import { DOCUMENT_KINDS, DocumentKind } from '../document.events';
import type { ReleaseDocumentRevision } from './release-document-revision';

export class ReleaseDocumentRevisionDto implements ReleaseDocumentRevision {
  @IdField('SOP-TURN') documentId: string;
  @IdField('C', true, 'The revision label within the document (B, C, 02, …).') revision: string;
  @IdField('SOP-TURN-C', true, 'Unique across documents: what a production step sends as sopRevision.') revisionId: string;
  @NameField('Turning of shafts, lathe cell 2') title: string;
  @EnumField(DOCUMENT_KINDS, 'sop') kind: DocumentKind;
  @IdField('SITE-A') siteId: string;
  @NameListField(['turning'], 'The operations this revision governs, as production steps name them (0–50).') operations: string[];
  @TimestampField('2026-02-01T00:00:00Z', true, 'In force from; may lie in the past or the future.') effectiveFrom: string;
  @ApiProperty({ example: true, description: 'Whether operators must be trained on this revision before working under it.' })
  @IsBoolean()
  requiresTraining: boolean;
  @IdField('QE-004', true, 'The person who approved the release.') approvedBy: string;
}
