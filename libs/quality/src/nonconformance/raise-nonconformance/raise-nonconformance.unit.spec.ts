import { foldQualityLot as foldLot } from '../../lot-quality/lot-quality.state';
import { decideRaiseNonconformance, RaiseNonconformance } from './raise-nonconformance';

const registered = {
  type: 'LotRegistered',
  data: { lotNumber: 'L1', partNumber: 'PN-1', partRevision: 'A', quantity: 10, unit: 'pcs', siteId: 'S1', kind: 'production' },
};
const command: RaiseNonconformance = { lotNumber: 'L1', ncId: 'NC1', description: 'Burr on edge', quantityAffected: 3 };

describe('RaiseNonconformance', () => {
  it('raises a nonconformance on the lot', () => {
    expect(decideRaiseNonconformance(command, foldLot([registered]))).toEqual([
      { type: 'NonconformanceRaised', data: { ncId: 'NC1', description: 'Burr on edge', quantityAffected: 3 } },
    ]);
  });

  it('answers 409 for an NC id already raised on the lot', () => {
    const given = foldLot([registered, { type: 'NonconformanceRaised', data: { ncId: 'NC1', description: 'x', quantityAffected: 1 } }]);
    expect(decideRaiseNonconformance(command, given)).toMatchObject({ kind: 'conflict' });
  });

  it('refuses more pieces affected than the lot holds (422)', () => {
    expect(decideRaiseNonconformance({ ...command, quantityAffected: 11 }, foldLot([registered]))).toMatchObject({ kind: 'rule' });
  });

  it('answers 404 for an unknown lot', () => {
    expect(decideRaiseNonconformance(command, foldLot([]))).toMatchObject({ kind: 'not-found' });
  });
});
