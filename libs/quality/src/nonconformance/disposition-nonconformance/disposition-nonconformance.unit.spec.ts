import { foldQualityLot as foldLot } from '../../lot-quality/lot-quality.state';
import { decideDispositionNonconformance, DispositionNonconformance } from './disposition-nonconformance';

const registered = {
  type: 'LotRegistered',
  data: { lotNumber: 'L1', partNumber: 'PN-1', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'S1', kind: 'production' },
};
const raised = { type: 'NonconformanceRaised', data: { ncId: 'NC1', description: 'Burr', quantityAffected: 2 } };
const command: DispositionNonconformance = { lotNumber: 'L1', ncId: 'NC1', disposition: 'rework', authorizedBy: 'MRB' };

describe('DispositionNonconformance', () => {
  it('dispositions an open nonconformance', () => {
    expect(decideDispositionNonconformance(command, foldLot([registered, raised]))).toEqual([
      { type: 'NonconformanceDispositioned', data: { ncId: 'NC1', disposition: 'rework', authorizedBy: 'MRB' } },
    ]);
  });

  it('answers 404 for an NC the lot does not have', () => {
    expect(decideDispositionNonconformance({ ...command, ncId: 'NC9' }, foldLot([registered, raised]))).toMatchObject({
      kind: 'not-found',
      code: 'nonconformance-not-found',
    });
  });

  it('answers 409 when the NC already has a disposition', () => {
    const given = foldLot([registered, raised, { type: 'NonconformanceDispositioned', data: { ncId: 'NC1', disposition: 'scrap', authorizedBy: 'MRB' } }]);
    expect(decideDispositionNonconformance(command, given)).toMatchObject({ kind: 'conflict' });
  });
});
