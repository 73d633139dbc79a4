import fc from 'fast-check';
import { combineMoments, mergeMoments, momentsFromSums, momentsOf, sampleStdDev, subgroupStatistics } from './subgroups';

// Straightforward reference: mean = Σx/N, then Σ(x − mean)² (two passes).
function twoPass(values: readonly number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const ss = values.reduce((a, x) => a + (x - mean) * (x - mean), 0);
  return { mean, s: Math.sqrt(ss / (values.length - 1)) };
}
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('subgroupStatistics', () => {
  it('hand-derived example [2, 4, 4, 4, 5, 5, 7, 9]', () => {
    // Σx = 40, mean 5, Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32, s = √(32/7), range 9 − 2 = 7,
    // Σx² = 4+16+16+16+25+25+49+81 = 232.
    const st = subgroupStatistics([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(st).toEqual({ n: 8, mean: 5, range: 7, stdDev: expect.any(Number), sum: 40, sumOfSquares: 232 });
    expect(st.stdDev).toBeCloseTo(Math.sqrt(32 / 7), 14);
  });

  it('a single measurement: range 0 and stdDev 0 by convention', () => {
    expect(subgroupStatistics([25.0012])).toEqual({ n: 1, mean: 25.0012, range: 0, stdDev: 0, sum: 25.0012, sumOfSquares: 25.0012 ** 2 });
  });

  it('rejects an empty subgroup and non-finite values', () => {
    expect(() => subgroupStatistics([])).toThrow(RangeError);
    expect(() => subgroupStatistics([1, NaN])).toThrow(RangeError);
    expect(() => subgroupStatistics([1, Infinity])).toThrow(RangeError);
  });

  it('keeps full precision for large magnitude / tiny spread (25.0012 ± 1e-4)', () => {
    const values = [25.0012, 25.0013, 25.0011, 25.00125, 25.00115];
    const ref = twoPass(values);
    const st = subgroupStatistics(values);
    expect(rel(st.stdDev, ref.s)).toBeLessThan(1e-12);
    expect(st.range).toBeCloseTo(0.0002, 12);
  });
});

describe('moment combination (parallel / Chan formula)', () => {
  const a = [1, 3];
  const b = [2, 4, 6];
  const c = [3, 5, 7, 9];
  it('mergeMoments and combineMoments reproduce the pooled data exactly (hand-derived)', () => {
    // All nine values: Σx = 40, Σx² = 230, M2 = 230 − 1600/9 = 470/9.
    const parts = [a, b, c].map((v) => momentsOf(subgroupStatistics(v)));
    const combined = combineMoments(parts);
    const merged = parts.reduce(mergeMoments, { n: 0, mean: 0, m2: 0 });
    for (const m of [combined, merged]) {
      expect(m.n).toBe(9);
      expect(m.mean).toBeCloseTo(40 / 9, 14);
      expect(m.m2).toBeCloseTo(470 / 9, 12);
    }
    expect(sampleStdDev(combined)).toBeCloseTo(Math.sqrt(470 / 9 / 8), 14);
    expect(sampleStdDev({ n: 1, mean: 3, m2: 0 })).toBeNull();
  });

  it('momentsFromSums applies s² = (Σx² − (Σx)²/N)/(N − 1)', () => {
    const m = momentsFromSums(9, 40, 230);
    expect(m.mean).toBeCloseTo(40 / 9, 14);
    expect(m.m2).toBeCloseTo(470 / 9, 12);
    expect(momentsFromSums(0, 0, 0).n).toBe(0);
  });

  // 125 measurements of ~25.0012 mm with a spread of ~1e-4 mm: the textbook
  // sum formula cancels ~8 significant digits; combining per-subgroup moments
  // does not.  (The data are deterministic, so this is a fixed fact about
  // IEEE-754 arithmetic, recorded to justify the design.)
  const groups = Array.from({ length: 25 }, (_, i) => Array.from({ length: 5 }, (_, j) => 25.0012 + 1e-4 * Math.sin(1 + 7 * i + 3 * j)));
  const all = groups.flat();
  const reference = twoPass(all).s;

  it('combineMoments over per-subgroup (n, mean, s) matches two-pass on raw values to 1e-12', () => {
    const s = sampleStdDev(combineMoments(groups.map((g) => momentsOf(subgroupStatistics(g)))))!;
    expect(rel(s, reference)).toBeLessThan(1e-12);
  });

  it('naive Σx, Σx² loses precision; shifted sums (x − 25) keep it', () => {
    const sums = (shift: number) => {
      let s1 = 0;
      let s2 = 0;
      for (const x of all) {
        s1 += x - shift;
        s2 += (x - shift) ** 2;
      }
      return sampleStdDev(momentsFromSums(all.length, s1, s2, shift))!;
    };
    expect(rel(sums(0), reference)).toBeGreaterThan(1e-9);
    expect(rel(sums(25), reference)).toBeLessThan(1e-9);
  });

  it('property: σ from combined subgroup moments equals a direct two-pass computation to 1e-9 relative', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 1e-4, max: 10, noNaN: true }),
        fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }), {
          minLength: 1,
          maxLength: 30,
        }),
        (offset, spread, unit) => {
          const data = unit.map((g) => g.map((u) => offset + spread * u));
          const flat = data.flat();
          fc.pre(flat.length >= 2);
          const direct = twoPass(flat).s;
          const combined = sampleStdDev(combineMoments(data.map((g) => momentsOf(subgroupStatistics(g)))))!;
          // 1e-9 relative; an absolute floor at the resolution of the data (ulp-level noise).
          return Math.abs(combined - direct) <= 1e-9 * direct + 1e-13 * (Math.abs(offset) + spread);
        },
      ),
      { numRuns: 500 },
    );
  });
});
