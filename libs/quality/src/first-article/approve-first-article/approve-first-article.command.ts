import { QUALITY_WRITERS } from '@lotstream/access';
import { lotStreamId } from '@lotstream/production';
import { defineCommand } from '@lotstream/recording';
import { ApproveFirstArticleBody, ApproveFirstArticleDto } from './approve-first-article.dto';
import { ApproveFirstArticleCommand } from './approve-first-article.handler';

export const APPROVE_FIRST_ARTICLE = defineCommand({
  type: 'ApproveFirstArticle',
  payload: ApproveFirstArticleDto,
  body: ApproveFirstArticleBody,
  command: ApproveFirstArticleCommand,
  roles: QUALITY_WRITERS,
  route: { path: '/v1/lots/{lotNumber}/first-article/approval', params: [{ name: 'lotNumber', example: 'L-2026-0001' }] },
  api: {
    summary: 'Approve the first article of the lot (AS9102)',
    description:
      'Refused (422 first-article-incomplete) while a characteristic of the inspection plan has no FAI result or failed, listing them; ' +
      '422 approver-unknown for an approver who is not a registered person; 409 for a faiId already approved on the lot.',
    event: 'FirstArticleApproved',
    example: { faiId: 'FAI-2026-0001', type: 'full', approvedBy: 'QE-12' },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
});
