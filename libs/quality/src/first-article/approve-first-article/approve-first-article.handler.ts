import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SignatureVerifier } from '@lotstream/personnel';
import { loadLot } from '@lotstream/production';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { FirstArticleQuery } from '../first-article.query';
import { decideApproveFirstArticle } from './approve-first-article';
import type { ApproveFirstArticleDto } from './approve-first-article.dto';

export class ApproveFirstArticleCommand extends RecordingCommand<ApproveFirstArticleDto> {}

/** The forms are judged first; the signature is checked only for a first article that may be approved (as release does). */
@CommandHandler(ApproveFirstArticleCommand)
export class ApproveFirstArticleHandler implements ICommandHandler<ApproveFirstArticleCommand, Plan> {
  constructor(
    @Inject(FirstArticleQuery) private readonly query: FirstArticleQuery,
    private readonly signatures: SignatureVerifier,
  ) {}

  async execute({ payload, view, actor, now }: ApproveFirstArticleCommand): Promise<Plan> {
    const lot = await loadLot(view, payload.lotNumber, actor);
    if (isRejection(lot)) return lot;
    // The forms are assembled from the store as the GET shows them; the expected version of the lot
    // stream (appendTo) refuses the approval if the lot changed meanwhile, and the signature binds
    // the lot stream's version and chain hash as the decision saw them.
    const assembled = await this.query.forms(payload.lotNumber);
    const decision = decideApproveFirstArticle(
      payload,
      {
        forms: assembled?.forms ?? null,
        approvedFaiIds: lot.stream.events.filter((e) => e.type === 'FirstArticleApproved').map((e) => String(e.data.faiId)),
      },
      payload.signature.personId,
    );
    if (isRejection(decision)) return decision;
    const signed = await this.signatures.sign(
      view,
      payload.signature,
      lot,
      { signatureId: `${payload.faiId}:first-article`, eventType: 'FirstArticleApproved', id: payload.faiId },
      now,
    );
    if (isRejection(signed)) return signed;
    return { appends: [appendTo(lot.stream, lot.siteId, [...decision, signed], now)] };
  }
}
