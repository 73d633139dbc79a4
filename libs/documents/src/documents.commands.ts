import type { CommandDefinition } from '@lotstream/recording';
import { OBSOLETE_DOCUMENT_REVISION } from './document/obsolete-document-revision/obsolete-document-revision.command';
import { RELEASE_DOCUMENT_REVISION } from './document/release-document-revision/release-document-revision.command';

/** Document-control write commands, registered in the catalog for POST /v1/batch, the Kafka MES intake and the route policy. */
export const documentsCommands: CommandDefinition[] = [RELEASE_DOCUMENT_REVISION, OBSOLETE_DOCUMENT_REVISION];
