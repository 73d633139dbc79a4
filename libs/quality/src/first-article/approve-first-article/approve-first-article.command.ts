import { lotStreamId } from '@lotstream/production';
import { defineCommand } from '@lotstream/recording';
import { ApproveFirstArticleBody, ApproveFirstArticleDto } from './approve-first-article.dto';
import { ApproveFirstArticleCommand } from './approve-first-article.handler';

export const APPROVE_FIRST_ARTICLE = defineCommand({
  type: 'ApproveFirstArticle',
  payload: ApproveFirstArticleDto,
  body: ApproveFirstArticleBody,
  command: ApproveFirstArticleCommand,
  // A signed quality decision: never an integration's (as release).
  roles: ['quality'],
  route: { path: '/v1/lots/{lotNumber}/first-article/approval', params: [{ name: 'lotNumber', example: 'L-2026-0001' }] },
  api: {
    summary: 'Approve the first article of the lot (AS9102)',
    description:
      'Signed: appends FirstArticleApproved (approvedBy = the signer) and RecordSigned binding the lot stream. Refused (422 first-article-incomplete) while a characteristic ' +
      'of the inspection plan has no FAI result or failed, listing them; rejected signature → 403 `signature-rejected`; 409 for a faiId already approved on the lot; nothing stored on a refusal.',
    event: 'FirstArticleApproved',
    example: { faiId: 'FAI-2026-0001', type: 'full', signature: { personId: 'QE-004', password: 'correct horse battery', meaning: 'approved' } },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
});
