import { isRejection } from '@lotstream/domain';
import { assembleFirstArticle, FirstArticleFormFacts, FormInspectionFacts } from '../first-article-form/first-article-form';
import { ApprovalState, decideApproveFirstArticle } from './approve-first-article';

let position = 0;
const inspection = (id: string, characteristicId: string, measurements: number[], verdict: 'pass' | 'fail'): FormInspectionFacts => ({
  inspectionId: id,
  stage: 'FAI',
  characteristic: { id: characteristicId, lsl: 9.95, usl: 10.05, unit: 'mm' },
  measurements,
  verdict,
  gaugeId: 'G-1',
  inspectedAt: '2025-03-05T10:00:00Z',
  position: String(++position),
});

const forms = (lotInspections: FormInspectionFacts[]) => {
  const facts: FirstArticleFormFacts = {
    lot: { lotNumber: 'L1', partNumber: 'SHAFT-1', partRevision: 'B', siteId: 'plant-a' },
    baseline: { buildId: 'P1', partRevision: 'B', routingRevision: 'R1', eventId: 'ev', promotedAt: '2025-02-20T08:00:00Z' },
    faiType: 'full',
    materials: [],
    steps: [],
    prototypeInspections: [inspection('p1', 'D1', [10], 'pass'), inspection('p2', 'D2', [10], 'pass'), inspection('p3', 'D3', [10], 'pass')],
    lotInspections,
    nonconformances: [],
  };
  return assembleFirstArticle(facts);
};

const command = { lotNumber: 'L1', faiId: 'FAI-1', type: 'full' as const };
const given = (state: Partial<ApprovalState>): ApprovalState => ({ forms: null, approvedFaiIds: [], ...state });
const decide = (state: ApprovalState) => decideApproveFirstArticle(command, state, 'qe-1');
const allPassing = () => forms([inspection('i1', 'D1', [10], 'pass'), inspection('i2', 'D2', [10], 'pass'), inspection('i3', 'D3', [10], 'pass')]);

describe('approve first article', () => {
  it('given forms proving every characteristic of the plan, when approved, then FirstArticleApproved names them', () => {
    expect(decide(given({ forms: allPassing() }))).toEqual([
      {
        type: 'FirstArticleApproved',
        data: {
          faiId: 'FAI-1',
          type: 'full',
          approvedBy: 'qe-1',
          partNumber: 'SHAFT-1',
          partRevision: 'B',
          characteristicIds: ['D1', 'D2', 'D3'],
          baselineBuildId: 'P1',
        },
      },
    ]);
  });

  it('refuses (422) while a characteristic is missing or failed, listing each', () => {
    const decision = decide(given({ forms: forms([inspection('i1', 'D1', [10], 'pass'), inspection('i2', 'D2', [10.2], 'fail')]) }));
    expect(decision).toMatchObject({ rejected: true, kind: 'rule', code: 'first-article-incomplete' });
    expect(isRejection(decision) && decision.detail).toContain('missing: D3; failed: D2');
  });

  it('refuses an unknown lot (404), and an approved FAI id again (409)', () => {
    expect(decide(given({}))).toMatchObject({ kind: 'not-found' });
    expect(decide(given({ forms: allPassing(), approvedFaiIds: ['FAI-1'] }))).toMatchObject({ kind: 'conflict', field: 'faiId' });
  });

  it('refuses a part without an inspection plan', () => {
    const empty = assembleFirstArticle({
      lot: { lotNumber: 'L1', partNumber: 'SHAFT-1', partRevision: 'B', siteId: 'plant-a' },
      baseline: null,
      faiType: 'full',
      materials: [],
      steps: [],
      prototypeInspections: [],
      lotInspections: [],
      nonconformances: [],
    });
    expect(decide(given({ forms: empty }))).toMatchObject({ kind: 'rule', code: 'first-article-no-plan' });
  });
});
