import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { loadLot } from '@lotstream/production';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { FirstArticleQuery } from '../first-article.query';
import { decideApproveFirstArticle } from './approve-first-article';
import type { ApproveFirstArticleDto } from './approve-first-article.dto';

export class ApproveFirstArticleCommand extends RecordingCommand<ApproveFirstArticleDto> {}

@CommandHandler(ApproveFirstArticleCommand)
export class ApproveFirstArticleHandler implements ICommandHandler<ApproveFirstArticleCommand, Plan> {
  constructor(@Inject(FirstArticleQuery) private readonly query: FirstArticleQuery) {}

  async execute({ payload, view, actor, now }: ApproveFirstArticleCommand): Promise<Plan> {
    const lot = await loadLot(view, payload.lotNumber, actor);
    if (isRejection(lot)) return lot;
    // The forms are assembled from the store as the GET shows them; the expected version of the lot
    // stream (appendTo) refuses the approval if the lot changed meanwhile.
    const [assembled, approver] = await Promise.all([this.query.forms(payload.lotNumber), view.load(`person-${payload.approvedBy}`)]);
    const decision = decideApproveFirstArticle(payload, {
      forms: assembled?.forms ?? null,
      approvedFaiIds: lot.stream.events.filter((e) => e.type === 'FirstArticleApproved').map((e) => String(e.data.faiId)),
      approverRegistered: approver.events.some((e) => e.type === 'PersonRegistered'),
    });
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(lot.stream, lot.siteId, decision, payload.occurredAt ?? now)] };
  }
}
