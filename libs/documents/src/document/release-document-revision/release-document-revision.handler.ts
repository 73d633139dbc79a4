import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertSiteWritable } from '@lotstream/access';
import { appendTo, isRejection, loadVisible, Plan, RecordingCommand, reject } from '@lotstream/recording';
import { documentStreamId, revisionClaimStreamId } from '../document.events';
import { documentOf, revisionClaimOf } from '../document.state';
import { decideReleaseDocumentRevision } from './release-document-revision';
import type { ReleaseDocumentRevisionDto } from './release-document-revision.dto';

export class ReleaseDocumentRevisionCommand extends RecordingCommand<ReleaseDocumentRevisionDto> {}

@CommandHandler(ReleaseDocumentRevisionCommand)
export class ReleaseDocumentRevisionHandler implements ICommandHandler<ReleaseDocumentRevisionCommand, Plan> {
  async execute({ payload, view, actor, now }: ReleaseDocumentRevisionCommand): Promise<Plan> {
    assertSiteWritable(actor, payload.siteId);
    // A document of another site answers like one that does not exist: a release would create it anew, and is refused by its site.
    const document = await loadVisible(
      view,
      documentStreamId(payload.documentId),
      documentOf,
      (d) => d.first?.siteId ?? payload.siteId,
      actor,
      () => reject('rule', 'document-site-mismatch', `Document ${payload.documentId} belongs to another site.`, 'siteId'),
    );
    if (isRejection(document)) return document;
    const claimStream = await view.load(revisionClaimStreamId(payload.revisionId));
    const decision = decideReleaseDocumentRevision(payload, document.state, revisionClaimOf(claimStream));
    if (isRejection(decision)) return decision;
    return {
      appends: [appendTo(document.stream, payload.siteId, decision.release, now), appendTo(claimStream, payload.siteId, decision.claim, now)],
    };
  }
}
