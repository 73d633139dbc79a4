import { decideConsumeMaterial } from '../consume-material/consume-material';
import type { LotHeld } from '../lot.events';
import { foldLot, LotState, LotStreamEvent } from '../lot.state';
import { lotRegistered, lotShipped, lotSplit, materialIssued } from '../lot.test-events';
import { decideReleaseHold } from '../release-hold/release-hold';
import { decideShipLot } from '../ship-lot/ship-lot';
import { decideSplitLot } from '../split-lot/split-lot';
import { decideHoldLot } from './hold-lot';

const given = (...events: LotStreamEvent[]): LotState => foldLot(events);
const held = (holdId = 'H1', heldFrom = 'M1'): LotHeld => ({ type: 'LotHeld', data: { holdId, reason: 'bad material', scope: 'lot', heldFrom } });
const hold = { lotNumber: 'M1', holdId: 'H1', reason: 'bad material', scope: 'forward' as const };

describe('HoldLot', () => {
  const material = given(lotRegistered({ lotNumber: 'M1', kind: 'material' }), materialIssued('A1', 10));
  const reached = [
    { lotNumber: 'A1', state: given(lotRegistered({ lotNumber: 'A1' }), lotSplit('B1', 40)) },
    { lotNumber: 'B1', state: given(lotRegistered({ lotNumber: 'B1', quantity: 40 }), materialIssued('C1', 5)) },
    { lotNumber: 'C1', state: given(lotRegistered({ lotNumber: 'C1' }), lotShipped(30)) },
    { lotNumber: 'D1', state: given(lotRegistered({ lotNumber: 'D1', quantity: 20 }), lotShipped(20)) },
  ];

  it('holds the lot alone with scope lot', () => {
    const decision = decideHoldLot({ ...hold, scope: 'lot' }, material, reached);
    expect(decision).toMatchObject({
      heldLots: ['M1'],
      shippedLots: [],
      holds: [{ lotNumber: 'M1', events: [{ type: 'LotHeld', data: { holdId: 'H1', scope: 'lot', heldFrom: 'M1' } }] }],
    });
  });

  it('holds forward every reached lot not shipped out, and lists the shipped ones as a recall matter', () => {
    const decision = decideHoldLot(hold, material, reached);
    // C1 shipped 30 of 100: still held for the rest, and listed as shipped; D1 shipped out entirely.
    expect(decision).toMatchObject({ heldLots: ['M1', 'A1', 'B1', 'C1'], shippedLots: ['C1', 'D1'] });
    expect(decision).toHaveProperty('holds.0.events.0.data.heldLots', ['M1', 'A1', 'B1', 'C1']);
  });

  it('answers 409 for a hold id already recorded on the lot, 404 for an unknown lot', () => {
    expect(decideHoldLot(hold, given(lotRegistered({ lotNumber: 'M1' }), held()), [])).toMatchObject({ kind: 'conflict', code: 'hold-already-recorded' });
    expect(decideHoldLot(hold, given(), [])).toMatchObject({ kind: 'not-found' });
  });
});

describe('a lot on hold (422 lot-on-hold)', () => {
  const onHold = given(lotRegistered({ lotNumber: 'M1' }), held());
  const consumer = given(lotRegistered({ lotNumber: 'A1' }));

  it('cannot be shipped', () => {
    expect(decideShipLot({ lotNumber: 'M1', shipmentId: 'S1', customer: 'C', quantity: 1, shippedAt: '2026-12-01T00:00:00Z' }, onHold)).toMatchObject({
      code: 'lot-on-hold',
    });
  });

  it('cannot be split', () => {
    expect(
      decideSplitLot({ lotNumber: 'M1', childLotNumber: 'M1-a', quantity: 1 }, { parent: onHold, child: given(), childIsPrototypeBuild: false }),
    ).toMatchObject({
      code: 'lot-on-hold',
    });
  });

  it('cannot be consumed into another lot', () => {
    expect(
      decideConsumeMaterial({ lotNumber: 'A1', inputLotNumber: 'M1', quantity: 1, unit: 'pcs' }, { consumer, input: onHold, downstreamOfConsumer: new Set() }),
    ).toMatchObject({ code: 'lot-on-hold', field: 'inputLotNumber' });
  });

  it('can be shipped again once the hold is released', () => {
    const [released] = decideReleaseHold({ lotNumber: 'M1', holdId: 'H1', reason: 'retest passed' }, onHold, 'QE-004') as LotStreamEvent[];
    const after = given(lotRegistered({ lotNumber: 'M1' }), held(), released);
    expect(after.activeHolds.size).toBe(0);
    expect(decideShipLot({ lotNumber: 'M1', shipmentId: 'S1', customer: 'C', quantity: 1, shippedAt: '2026-12-01T00:00:00Z' }, after)).toHaveLength(1);
    expect(decideReleaseHold({ lotNumber: 'M1', holdId: 'H1', reason: 'again' }, after, 'QE-004')).toMatchObject({
      kind: 'conflict',
      code: 'hold-already-released',
    });
    expect(decideReleaseHold({ lotNumber: 'M1', holdId: 'H9', reason: 'x' }, after, 'QE-004')).toMatchObject({ kind: 'not-found', code: 'hold-not-found' });
  });
});
