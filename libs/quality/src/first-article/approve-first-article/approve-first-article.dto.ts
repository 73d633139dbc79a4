import { EnumField, IdField, TimestampField } from '@lotstream/recording';
import type { FirstArticleType } from '../first-article.events';
import type { ApproveFirstArticle } from './approve-first-article';

export class ApproveFirstArticleBody implements Omit<ApproveFirstArticle, 'lotNumber'> {
  @IdField('FAI-2026-0001') faiId: string;
  @EnumField(['full', 'partial'], 'full') type: FirstArticleType;
  @IdField('QE-12', true, 'A registered person (libs/personnel); an e-signature replaces it once signatures exist.') approvedBy: string;
  @TimestampField('2026-03-04T09:00:00Z', false, 'When it was approved; server time if omitted.') occurredAt?: string;
}

export class ApproveFirstArticleDto extends ApproveFirstArticleBody implements ApproveFirstArticle {
  @IdField('L-2026-0001') lotNumber: string;
}
