import { type LotMaterialSources, partitionBySupplier } from './supplier-groups';

const row = (lotNumber: string, inspectionId: string) => ({ lotNumber, inspectionId });
const sources = (supplierIds: string[], unverifiedSuppliers: string[] = [], withoutSupplier = false): LotMaterialSources => ({
  supplierIds,
  unverifiedSuppliers,
  withoutSupplier,
});

describe('capability groups by supplier', () => {
  it('puts each lot’s subgroups in its supplier’s group, in the order given', () => {
    const rows = [row('P1', 'a'), row('P2', 'b'), row('P1', 'c'), row('P3', 'd')];
    const groups = partitionBySupplier(
      rows,
      new Map([
        ['P1', sources(['SUP-B'])],
        ['P2', sources(['SUP-A'])],
        ['P3', sources(['SUP-B'])],
      ]),
    );
    expect(groups.map((g) => [g.source, g.supplierId, g.lots, g.rows.map((r) => r.inspectionId), g.mixedLots])).toEqual([
      ['supplier', 'SUP-A', ['P2'], ['b'], []],
      ['supplier', 'SUP-B', ['P1', 'P3'], ['a', 'c', 'd'], []],
    ]);
  });

  it('counts a lot of two suppliers’ material in both groups and lists it as mixed in each', () => {
    const groups = partitionBySupplier(
      [row('P1', 'a'), row('P2', 'b')],
      new Map([
        ['P1', sources(['SUP-A', 'SUP-B'])],
        ['P2', sources(['SUP-B'])],
      ]),
    );
    expect(groups.map((g) => [g.supplierId, g.lots, g.mixedLots])).toEqual([
      ['SUP-A', ['P1'], ['P1']],
      ['SUP-B', ['P1', 'P2'], ['P1']],
    ]);
  });

  it('keeps free-text suppliers apart as unverified, with their names, and lots without any supplier as no-supplier', () => {
    const groups = partitionBySupplier(
      [row('P1', 'a'), row('P2', 'b'), row('P3', 'c'), row('P4', 'd'), row('P5', 'e')],
      new Map([
        ['P1', sources([], ['Some Mill'])],
        ['P2', sources([], ['Other Mill', 'Some Mill'])],
        ['P3', sources(['SUP-A'], [], true)],
        // Nothing visible names a supplier (all of it out of scope): no-supplier as well.
        ['P4', sources([], [], false)],
      ]),
    );
    expect(groups.map((g) => [g.source, g.supplierId, g.unverifiedSuppliers, g.lots, g.mixedLots])).toEqual([
      ['supplier', 'SUP-A', [], ['P3'], ['P3']],
      ['unverified', null, ['Other Mill', 'Some Mill'], ['P1', 'P2'], []],
      // P5 has no entry at all (no genealogy known): no supplier.
      ['no-supplier', null, [], ['P3', 'P4', 'P5'], ['P3']],
    ]);
  });

  it('answers no groups for no subgroups', () => {
    expect(partitionBySupplier([], new Map())).toEqual([]);
  });
});
