/**
 * First article events, written on the lot's stream (`lot-<lotNumber>`) of the lot inspected as the
 * first article. Persisted names are stable strings. Glossary: FAI = first article inspection
 * (AS9102); *full* proves every characteristic, *partial* only those a change affected.
 */
export type FirstArticleType = 'full' | 'partial';

export interface FirstArticleApproved {
  type: 'FirstArticleApproved';
  data: {
    faiId: string;
    type: FirstArticleType;
    /** The signer: the person whose RecordSigned (signedFor this event's faiId) follows it on the lot stream. */
    approvedBy: string;
    partNumber: string;
    partRevision: string;
    /** The characteristics the approved forms proved (Form 3 rows of the plan). */
    characteristicIds: string[];
    /** The promotion whose build set the plan. */
    baselineBuildId?: string;
  };
}

export type FirstArticleEvent = FirstArticleApproved;

export const FIRST_ARTICLE_EVENT_TYPES = ['FirstArticleApproved'] as const;
