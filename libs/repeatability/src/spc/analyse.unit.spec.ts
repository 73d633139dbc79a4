import fc from 'fast-check';
import { analyse } from './analyse';
import { subgroupStatistics } from './subgroups';
import { type AnalyseInput, type SpcAnalysis, type SpcError, type SubgroupInput, isSpcError } from './types';

const label = (i: number) => ({ lotNumber: `LOT-${i}`, inspectionId: `INS-${i}` });
const fromValues = (groups: readonly (readonly number[])[]): SubgroupInput[] =>
  groups.map((g, i) => {
    const { n, mean, range, stdDev } = subgroupStatistics(g);
    return { n, mean, range, stdDev, label: label(i) };
  });
const sized = (sizes: readonly number[]): SubgroupInput[] =>
  fromValues(sizes.map((n, i) => Array.from({ length: n }, (_, j) => 10 + Math.sin(i * 13 + j * 7))));
function ok(r: SpcAnalysis | SpcError): SpcAnalysis {
  if (isSpcError(r)) throw new Error(`unexpected error ${JSON.stringify(r)}`);
  return r;
}
function err(r: SpcAnalysis | SpcError): SpcError {
  if (!isSpcError(r)) throw new Error('expected an error value');
  return r;
}

describe('chart selection', () => {
  it.each([
    [1, 'i-mr'],
    [2, 'xbar-r'],
    [10, 'xbar-r'],
    [11, 'xbar-s'],
    [25, 'xbar-s'],
  ] as const)('subgroup size %i → %s', (n, chart) => {
    const a = ok(analyse({ subgroups: sized(Array(6).fill(n)) }));
    expect(a.chart).toBe(chart);
    expect(a.subgroupSize).toBe(n);
  });

  it('X̄-S on request for small subgroups', () => {
    expect(ok(analyse({ subgroups: sized([3, 3, 3]), chart: 'xbar-s' })).chart).toBe('xbar-s');
  });

  it('X̄-R cannot be requested above 10, nor I-MR for subgroups', () => {
    expect(err(analyse({ subgroups: sized([12, 12]), chart: 'xbar-r' }))).toEqual({ kind: 'chart-not-applicable', chart: 'xbar-r', subgroupSize: 12 });
    expect(err(analyse({ subgroups: sized([5, 5]), chart: 'i-mr' }))).toEqual({ kind: 'chart-not-applicable', chart: 'i-mr', subgroupSize: 5 });
    expect(err(analyse({ subgroups: sized([1, 1, 1]), chart: 'xbar-r' }))).toEqual({ kind: 'chart-not-applicable', chart: 'xbar-r', subgroupSize: 1 });
  });
});

describe('typed error values', () => {
  it('no subgroups', () => expect(err(analyse({ subgroups: [] }))).toEqual({ kind: 'no-subgroups' }));

  it('unequal sizes that cannot be pooled (a subgroup of 1) are refused with the sizes', () => {
    expect(err(analyse({ subgroups: sized([5, 1, 5]) }))).toEqual({ kind: 'unequal-subgroup-sizes', sizes: [5, 1, 5] });
  });

  it('unequal sizes with an explicit X̄-R request are refused', () => {
    expect(err(analyse({ subgroups: sized([5, 4, 5]), chart: 'xbar-r' }))).toEqual({ kind: 'unequal-subgroup-sizes', sizes: [5, 4, 5] });
  });

  it('unequal sizes ≥ 2 are pooled', () => {
    const a = ok(analyse({ subgroups: sized([5, 4, 5]) }));
    expect([a.chart, a.sigmaWithinMethod, a.subgroupSize]).toEqual(['xbar-s', 'pooled-sp/c4', null]);
  });

  it('subgroups beyond the tabulated 25', () => {
    expect(err(analyse({ subgroups: sized([26, 26]) }))).toEqual({ kind: 'subgroup-size-out-of-range', size: 26, min: 1, max: 25 });
  });

  it('I-MR needs two points', () => {
    expect(err(analyse({ subgroups: sized([1]) })).kind).toBe('insufficient-data');
  });

  it('invalid subgroups are reported with their index', () => {
    const base = sized([3, 3, 3]);
    const bad = (patch: Partial<SubgroupInput>) => err(analyse({ subgroups: base.map((s, i) => (i === 1 ? { ...s, ...patch } : s)) }));
    for (const patch of [{ n: 0 }, { n: 2.5 }, { stdDev: -1 }, { range: NaN }, { mean: Infinity }, { values: [1, 2] }, { values: [1, 2, NaN] }]) {
      expect(bad(patch)).toEqual(expect.objectContaining({ kind: 'invalid-subgroup', index: 1 }));
    }
  });

  it('invalid specification limits', () => {
    const subgroups = sized([3, 3]);
    expect(err(analyse({ subgroups, lsl: 10, usl: 10 })).kind).toBe('invalid-spec-limits');
    expect(err(analyse({ subgroups, lsl: 11, usl: 10 })).kind).toBe('invalid-spec-limits');
    expect(err(analyse({ subgroups, usl: NaN })).kind).toBe('invalid-spec-limits');
  });
});

describe('raw values, when present, are authoritative', () => {
  it('recomputes mean/range/stdDev from values', () => {
    const groups = [
      [1, 2, 4],
      [2, 3, 7],
      [5, 5, 8],
    ];
    const withValues: SubgroupInput[] = groups.map((values, i) => ({ values, n: 3, mean: 0, range: 0, stdDev: 0, label: label(i) }));
    const a = ok(analyse({ subgroups: withValues }));
    const b = ok(analyse({ subgroups: fromValues(groups) }));
    expect(a).toEqual(b);
    expect(a.mean).toBeCloseTo(37 / 9, 12);
    expect(a.range.center).toBeCloseTo((3 + 5 + 3) / 3, 12);
  });
});

describe('properties', () => {
  // Data like 25.0012 with a tiny spread: offset ∈ [−100, 100], spread down to 1e-4.
  const dataset = fc
    .record({
      offset: fc.double({ min: -100, max: 100, noNaN: true }),
      spread: fc.double({ min: 1e-4, max: 10, noNaN: true }),
      sizes: fc.oneof(
        fc.tuple(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 2, max: 30 })).map(([n, m]) => Array(m).fill(n) as number[]),
        fc.array(fc.integer({ min: 2, max: 8 }), { minLength: 2, maxLength: 30 }),
      ),
      seed: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }),
    })
    .map(({ offset, spread, sizes, seed }) => {
      let k = 0;
      const groups = sizes.map((n) => Array.from({ length: n }, () => offset + spread * seed[k++ % seed.length] * Math.cos(k)));
      return { offset, spread, groups };
    });

  it('sigmaOverall from aggregates (no raw values) equals a direct two-pass computation to 1e-9 relative', () => {
    fc.assert(
      fc.property(dataset, ({ offset, spread, groups }) => {
        const flat = groups.flat();
        const mean = flat.reduce((a, b) => a + b, 0) / flat.length;
        const direct = Math.sqrt(flat.reduce((a, x) => a + (x - mean) ** 2, 0) / (flat.length - 1));
        const a = ok(analyse({ subgroups: fromValues(groups) }));
        expect(a.n).toBe(flat.length);
        // 1e-9 relative, plus an absolute floor at the data's own resolution (ulps of the offset).
        return Math.abs(a.sigmaOverall - direct) <= 1e-9 * direct + 1e-13 * (Math.abs(offset) + spread);
      }),
      { numRuns: 500 },
    );
  });

  it('points mirror the input order and labels; limits are ordered', () => {
    fc.assert(
      fc.property(dataset, ({ groups }) => {
        const input: AnalyseInput = { subgroups: fromValues(groups) };
        const a = ok(analyse(input));
        expect(a.points.map((p) => p.lotNumber)).toEqual(groups.map((_, i) => `LOT-${i}`));
        expect(a.subgroups).toBe(groups.length);
        for (const v of a.violations) expect(v.lotNumber).toBe(`LOT-${v.index}`);
        return a.xbar.lcl <= a.xbar.center && a.xbar.center <= a.xbar.ucl && a.range.lcl <= a.range.center && a.range.center <= a.range.ucl;
      }),
      { numRuns: 200 },
    );
  });
});
