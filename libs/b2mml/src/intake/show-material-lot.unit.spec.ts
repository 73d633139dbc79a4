import { lotHoldState } from './show-material-lot';

describe('lot hold state for ShowMaterialLot', () => {
  const held = (holdId: string, reason = 'suspect') => ({ type: 'LotHeld', data: { holdId, reason, scope: 'lot', heldFrom: 'L-1' } });
  const lifted = (holdId: string) => ({ type: 'LotHoldReleased', data: { holdId, reason: 'ok', releasedBy: 'QE-1' } });

  it('is none for a lot never held, held while any hold is in force, released once every hold is lifted', () => {
    expect(lotHoldState([{ type: 'LotRegistered', data: {} }])).toEqual({ holdState: 'none', activeHolds: [], releaseId: null });
    expect(lotHoldState([held('H-1'), held('H-2', 'second'), lifted('H-1')])).toEqual({
      holdState: 'held',
      activeHolds: [{ holdId: 'H-2', reason: 'second' }],
      releaseId: null,
    });
    expect(lotHoldState([held('H-1'), lifted('H-1'), { type: 'LotReleased', data: { releaseId: 'REL-1', releasedBy: 'QE-1', gates: [] } }])).toEqual({
      holdState: 'released',
      activeHolds: [],
      releaseId: 'REL-1',
    });
  });
});
