import { SignatureDto, SignatureField } from '@lotstream/personnel';
import { EnumField, IdField } from '@lotstream/recording';
import type { FirstArticleType } from '../first-article.events';
import type { ApproveFirstArticle } from './approve-first-article';

export class ApproveFirstArticleBody implements Omit<ApproveFirstArticle, 'lotNumber'> {
  @IdField('FAI-2026-0001') faiId: string;
  @EnumField(['full', 'partial'], 'full') type: FirstArticleType;
  @SignatureField() signature: SignatureDto;
}

export class ApproveFirstArticleDto extends ApproveFirstArticleBody implements ApproveFirstArticle {
  @IdField('L-2026-0001') lotNumber: string;
}
