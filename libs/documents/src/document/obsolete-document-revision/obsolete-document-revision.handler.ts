import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, loadVisible, Plan, RecordingCommand, reject } from '@lotstream/recording';
import { documentStreamId } from '../document.events';
import { documentOf } from '../document.state';
import { decideObsoleteDocumentRevision } from './obsolete-document-revision';
import type { ObsoleteDocumentRevisionDto } from './obsolete-document-revision.dto';

export class ObsoleteDocumentRevisionCommand extends RecordingCommand<ObsoleteDocumentRevisionDto> {}

@CommandHandler(ObsoleteDocumentRevisionCommand)
export class ObsoleteDocumentRevisionHandler implements ICommandHandler<ObsoleteDocumentRevisionCommand, Plan> {
  async execute({ payload, view, actor, now }: ObsoleteDocumentRevisionCommand): Promise<Plan> {
    const document = await loadVisible(
      view,
      documentStreamId(payload.documentId),
      documentOf,
      (d) => d.first?.siteId,
      actor,
      () => reject('not-found', 'document-not-found', `Document ${payload.documentId} was not found.`),
    );
    if (isRejection(document)) return document;
    const decision = decideObsoleteDocumentRevision(payload, document.state);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(document.stream, document.siteId, decision, now)] };
  }
}
