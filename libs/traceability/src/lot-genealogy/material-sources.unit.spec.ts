import { type MaterialWalkRow, materialSourcesFromWalk } from './material-sources.query';

const reached = (root: string, lotNumber: string, fields: Partial<MaterialWalkRow> = {}): MaterialWalkRow => ({
  root,
  lotNumber,
  kind: 'production',
  siteId: 'SITE-A',
  supplierId: null,
  supplier: null,
  hasInputs: true,
  ...fields,
});

describe('material sources from a backward walk', () => {
  it('collects the registered suppliers of the material reached through intermediate lots and splits', () => {
    const rows = [
      reached('P1', 'P1'),
      reached('P1', 'SUB-1'),
      reached('P1', 'M-1', { kind: 'material', supplierId: 'SUP-B', hasInputs: false }),
      // A split child of M-2 carries its parent's supplier: counted once.
      reached('P1', 'M-2-a', { kind: 'material', supplierId: 'SUP-A' }),
      reached('P1', 'M-2', { kind: 'material', supplierId: 'SUP-A', hasInputs: false }),
    ];
    expect(materialSourcesFromWalk(['P1'], rows, ['SITE-A']).get('P1')).toEqual({
      supplierIds: ['SUP-A', 'SUP-B'],
      unverifiedSuppliers: [],
      withoutSupplier: false,
      hiddenLots: 0,
    });
  });

  it('tells free-text suppliers (unverified) from origins that name none, and a lot with no inputs recorded', () => {
    const rows = [
      reached('P1', 'P1'),
      reached('P1', 'M-FREE', { kind: 'material', supplier: 'Some Mill', hasInputs: false }),
      reached('P1', 'M-NONE', { kind: 'material', hasInputs: false }),
      reached('P2', 'P2', { hasInputs: false }),
    ];
    const found = materialSourcesFromWalk(['P1', 'P2'], rows, ['*']);
    expect(found.get('P1')).toEqual({ supplierIds: [], unverifiedSuppliers: ['Some Mill'], withoutSupplier: true, hiddenLots: 0 });
    expect(found.get('P2')).toEqual({ supplierIds: [], unverifiedSuppliers: [], withoutSupplier: true, hiddenLots: 0 });
  });

  it('does not look at lots of sites out of scope, and counts them', () => {
    const rows = [reached('P1', 'P1'), reached('P1', 'M-B', { kind: 'material', siteId: 'SITE-B', supplierId: 'SUP-SECRET', hasInputs: false })];
    expect(materialSourcesFromWalk(['P1'], rows, ['SITE-A']).get('P1')).toEqual({
      supplierIds: [],
      unverifiedSuppliers: [],
      withoutSupplier: false,
      hiddenLots: 1,
    });
    expect(materialSourcesFromWalk(['P1'], rows, ['SITE-A', 'SITE-B']).get('P1')?.supplierIds).toEqual(['SUP-SECRET']);
  });
});
