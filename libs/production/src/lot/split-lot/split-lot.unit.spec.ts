import { foldLot } from '../lot.state';
import { lotRegistered, materialIssued } from '../lot.test-events';
import { decideSplitLot, SplitLot } from './split-lot';

const parent = foldLot([lotRegistered({ routingRevision: 'R2' }), materialIssued('P9', 30)]);
const command: SplitLot = { lotNumber: 'L1', childLotNumber: 'L1.B', quantity: 70 };

describe('SplitLot', () => {
  it("splits off within what remains and registers the child with the parent's part", () => {
    expect(decideSplitLot(command, { parent, child: foldLot([]), childIsPrototypeBuild: false })).toEqual({
      parent: [{ type: 'LotSplit', data: { childLotNumber: 'L1.B', quantity: 70 } }],
      child: [{ type: 'LotRegistered', data: { ...lotRegistered({ routingRevision: 'R2' }).data, lotNumber: 'L1.B', quantity: 70, splitFrom: 'L1' } }],
    });
  });

  it('refuses more than the parent has left (422)', () => {
    expect(decideSplitLot({ ...command, quantity: 71 }, { parent, child: foldLot([]), childIsPrototypeBuild: false })).toMatchObject({
      kind: 'rule',
      code: 'over-split',
    });
  });

  it('answers 409 when the child lot number exists', () => {
    const child = foldLot([lotRegistered({ lotNumber: 'L1.B' })]);
    expect(decideSplitLot(command, { parent, child, childIsPrototypeBuild: false })).toMatchObject({ kind: 'conflict' });
    expect(decideSplitLot({ ...command, childLotNumber: 'L1' }, { parent, child: foldLot([]), childIsPrototypeBuild: false })).toMatchObject({
      kind: 'conflict',
    });
  });

  it('refuses a child number that is a prototype build id', () => {
    expect(decideSplitLot(command, { parent, child: foldLot([]), childIsPrototypeBuild: true })).toMatchObject({ kind: 'rule' });
  });

  it('answers 404 for an unknown parent', () => {
    expect(decideSplitLot(command, { parent: foldLot([]), child: foldLot([]), childIsPrototypeBuild: false })).toMatchObject({ kind: 'not-found' });
  });
});
