import { Decision, reject } from '@lotstream/domain';
import type { FirstArticleApproved, FirstArticleType } from '../first-article.events';
import type { FirstArticleForms } from '../first-article-form/first-article-form';

/**
 * Approve the first article of a lot: the forms must prove every characteristic of the plan. It is
 * signed (the signer re-authenticates; RecordSigned binds the lot stream as approved): the signer is
 * the approver.
 */
export interface ApproveFirstArticle {
  lotNumber: string;
  faiId: string;
  type: FirstArticleType;
}

export interface ApprovalState {
  /** The lot's assembled forms; null when the lot is unknown (or of another site). */
  forms: FirstArticleForms | null;
  /** FAI ids already approved on the lot. */
  approvedFaiIds: readonly string[];
}

/** What keeps the forms from approval: each characteristic of the plan without results, and each failed one. */
export function approvalBlockers(forms: FirstArticleForms): Array<{ characteristicId: string; verdict: 'missing' | 'fail' }> {
  return forms.form3.characteristics
    .filter((row) => (row.inPlan && row.verdict === 'missing') || row.verdict === 'fail')
    .map((row) => ({ characteristicId: row.characteristicId, verdict: row.verdict as 'missing' | 'fail' }));
}

/** `signerId`: the person whose signature the command carries (checked by the signature verifier after this decision). */
export function decideApproveFirstArticle(command: ApproveFirstArticle, state: ApprovalState, signerId: string): Decision<FirstArticleApproved> {
  const { forms } = state;
  if (!forms) return reject('not-found', 'not-found', `Lot ${command.lotNumber} is not known.`, 'lotNumber');
  if (state.approvedFaiIds.includes(command.faiId)) {
    return reject('conflict', 'first-article-already-approved', `First article ${command.faiId} of lot ${command.lotNumber} is already approved.`, 'faiId');
  }
  const planIds = forms.form3.characteristics.filter((row) => row.inPlan).map((row) => row.characteristicId);
  if (planIds.length === 0) {
    return reject('rule', 'first-article-no-plan', `Part ${forms.partNumber} has no inspection plan (no promoted build inspected a characteristic).`);
  }
  const blockers = approvalBlockers(forms);
  if (blockers.length > 0) {
    const missing = blockers.filter((b) => b.verdict === 'missing').map((b) => b.characteristicId);
    const failed = blockers.filter((b) => b.verdict === 'fail').map((b) => b.characteristicId);
    const parts = [missing.length ? `missing: ${missing.join(', ')}` : '', failed.length ? `failed: ${failed.join(', ')}` : ''].filter(Boolean);
    return reject('rule', 'first-article-incomplete', `The first article of lot ${command.lotNumber} cannot be approved (${parts.join('; ')}).`);
  }
  return [
    {
      type: 'FirstArticleApproved',
      data: {
        faiId: command.faiId,
        type: command.type,
        approvedBy: signerId,
        partNumber: forms.partNumber,
        partRevision: forms.form1.partRevision,
        characteristicIds: planIds,
        ...(forms.form1.baseline ? { baselineBuildId: forms.form1.baseline.buildId } : {}),
      },
    },
  ];
}
