/**
 * Sources:
 *  - NIST/SEMATECH e-Handbook of Statistical Methods, §6.1.6 "What is Process
 *    Capability?", Cpk example: USL = 20, LSL = 8, μ = 16, σ = 2 → Cp = 1.0,
 *    Cpk = min(20 − 16, 16 − 8)/(3·2) = 0.6667.
 *  - R package qcc test suite (luca-scr/qcc, tests/testthat/test-capability.R):
 *    3 subgroups of 4, specs 9.9 / 10.1, target 10 (midpoint) or 10.02:
 *    Cp 1.372667, Cp_u = Cp_k 1.304033, Cp_l 1.441300, Pp 1.612598,
 *    Pp_u = Pp_k 1.531968, Pp_l 1.693228, Ppm 1.567395 (T = 10) / 1.305161 (T = 10.02).
 *    qcc's Ppm, (USL − LSL)/(6√(s² + (μ − T)²)) with the overall s, is this core's cpm.
 */
import fc from 'fast-check';
import { analyse } from './analyse';
import { capabilityIndices } from './capability';
import { QCC_CAPABILITY_GROUPS } from './reference-data.fixture.spec';
import { subgroupStatistics } from './subgroups';
import { type SpcAnalysis, type SpcError, isSpcError } from './types';

function ok(r: SpcAnalysis | SpcError): SpcAnalysis {
  if (isSpcError(r)) throw new Error(`unexpected error ${JSON.stringify(r)}`);
  return r;
}
const withinRounding = (actual: number | null, published: number, decimals: number) =>
  expect({ actual, published, ok: actual !== null && Math.abs(actual - published) <= 0.5 * 10 ** -decimals + 1e-12 }).toEqual(
    expect.objectContaining({ ok: true }),
  );

describe('NIST/SEMATECH e-Handbook 6.1.6 Cp/Cpk example', () => {
  const idx = capabilityIndices({ mean: 16, sigmaWithin: 2, sigmaOverall: 2, lsl: 8, usl: 20 });
  it('Cp = 1.0, Cpk = 0.6667', () => {
    // plain recomputation
    expect(idx.cp).toBeCloseTo((20 - 8) / (6 * 2), 14);
    expect(idx.cpk).toBeCloseTo(Math.min(20 - 16, 16 - 8) / (3 * 2), 14);
    // published
    withinRounding(idx.cp, 1.0, 1);
    withinRounding(idx.cpk, 0.6667, 4);
    expect(idx.pp).toBe(idx.cp);
    expect(idx.ppk).toBe(idx.cpk);
    expect(idx.cpm).toBeNull(); // no target
  });
});

describe('qcc test-capability data set through analyse (X̄-R, n = 4, σw = R̄/2.059)', () => {
  const subgroups = QCC_CAPABILITY_GROUPS.map((g, i) => {
    const { n, mean, range, stdDev } = subgroupStatistics(g);
    return { n, mean, range, stdDev, label: { lotNumber: `L${i}`, inspectionId: `I${i}` } };
  });
  // plain recomputation from the raw values
  const all = QCC_CAPABILITY_GROUPS.flat();
  const mu = all.reduce((a, b) => a + b, 0) / all.length;
  const s = Math.sqrt(all.reduce((a, x) => a + (x - mu) ** 2, 0) / (all.length - 1));
  const rbar = QCC_CAPABILITY_GROUPS.map((g) => Math.max(...g) - Math.min(...g)).reduce((a, b) => a + b, 0) / 3;
  const sw = rbar / 2.059;

  it('two-sided, target at the midpoint', () => {
    const a = ok(analyse({ subgroups, lsl: 9.9, usl: 10.1, target: 10 }));
    expect(a.cp).toBeCloseTo(0.2 / (6 * sw), 12);
    expect(a.cpk).toBeCloseTo(Math.min(10.1 - mu, mu - 9.9) / (3 * sw), 12);
    expect(a.pp).toBeCloseTo(0.2 / (6 * s), 12);
    expect(a.ppk).toBeCloseTo(Math.min(10.1 - mu, mu - 9.9) / (3 * s), 12);
    expect(a.cpm).toBeCloseTo(0.2 / (6 * Math.sqrt(s * s + (mu - 10) ** 2)), 12);
    withinRounding(a.cp, 1.372667, 6);
    withinRounding(a.cpk, 1.304033, 6);
    withinRounding(a.pp, 1.612598, 6);
    withinRounding(a.ppk, 1.531968, 6);
    withinRounding(a.cpm, 1.567395, 6);
    expect([a.lsl, a.usl, a.target]).toEqual([9.9, 10.1, 10]);
  });

  it('two-sided, off-target T = 10.02', () => {
    const a = ok(analyse({ subgroups, lsl: 9.9, usl: 10.1, target: 10.02 }));
    withinRounding(a.cpm, 1.305161, 6);
    withinRounding(a.cp, 1.372667, 6);
  });

  it('upper limit only: Cpk/Ppk from the upper side, Cp/Pp/Cpm null', () => {
    const a = ok(analyse({ subgroups, usl: 10.1, target: 10.02 }));
    expect([a.cp, a.pp, a.cpm]).toEqual([null, null, null]);
    withinRounding(a.cpk, 1.304033, 6);
    withinRounding(a.ppk, 1.531968, 6);
  });

  it('lower limit only: Cpk/Ppk from the lower side', () => {
    const a = ok(analyse({ subgroups, lsl: 9.9, usl: null }));
    expect([a.cp, a.pp, a.cpm]).toEqual([null, null, null]);
    withinRounding(a.cpk, 1.4413, 6);
    withinRounding(a.ppk, 1.693228, 6);
  });

  it('no limits: every index null', () => {
    const a = ok(analyse({ subgroups, target: 10 }));
    expect([a.cp, a.cpk, a.pp, a.ppk, a.cpm]).toEqual([null, null, null, null, null]);
  });
});

describe('degenerate σ', () => {
  it('σ = 0 gives null, never Infinity', () => {
    const idx = capabilityIndices({ mean: 10, sigmaWithin: 0, sigmaOverall: 0, lsl: 9, usl: 11, target: 10 });
    expect(idx).toEqual({ cp: null, cpk: null, pp: null, ppk: null, cpm: null });
  });

  it('through analyse: identical measurements', () => {
    const subgroups = [0, 1, 2].map((i) => ({ n: 3, mean: 5, range: 0, stdDev: 0, label: { lotNumber: `L${i}`, inspectionId: `I${i}` } }));
    const a = ok(analyse({ subgroups, lsl: 4, usl: 6, target: 5 }));
    expect([a.sigmaWithin, a.sigmaOverall]).toEqual([0, 0]);
    expect([a.cp, a.cpk, a.pp, a.ppk, a.cpm]).toEqual([null, null, null, null, null]);
  });

  it('σ overall 0 but off target: Cpm is finite (denominator |μ − T| > 0)', () => {
    expect(capabilityIndices({ mean: 10, sigmaWithin: 0, sigmaOverall: 0, lsl: 9, usl: 11, target: 10.5 }).cpm).toBeCloseTo(2 / 3, 14);
  });

  it('mean outside the specification gives a negative Cpk', () => {
    expect(capabilityIndices({ mean: 12, sigmaWithin: 1, sigmaOverall: 1, lsl: 9, usl: 11 }).cpk).toBeCloseTo(-1 / 3, 14);
  });
});

describe('properties', () => {
  it('Cp ≥ Cpk and Pp ≥ Ppk whenever both are defined', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (mean, sw, so, lsl, width) => {
          const idx = capabilityIndices({ mean, sigmaWithin: sw, sigmaOverall: so, lsl, usl: lsl + width });
          const tol = (x: number) => 1e-12 * Math.abs(x);
          return idx.cp! >= idx.cpk! - tol(idx.cp!) && idx.pp! >= idx.ppk! - tol(idx.pp!);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('Cp ≥ Cpk through analyse on random subgroups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 4, maxLength: 4 }), { minLength: 2, maxLength: 20 }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 20, noNaN: true }),
        (groups, lsl, width) => {
          const subgroups = groups.map((g, i) => ({ ...subgroupStatistics(g), label: { lotNumber: `L${i}`, inspectionId: `I${i}` } }));
          const a = ok(analyse({ subgroups, lsl, usl: lsl + width }));
          if (a.cp === null || a.cpk === null) return a.sigmaWithin === 0;
          return a.cp >= a.cpk - 1e-12 * Math.abs(a.cp);
        },
      ),
      { numRuns: 300 },
    );
  });
});
