import { analyse, isSpcError, subgroupStatistics } from '../spc';
import { type CapabilitySubgroup, capabilityFromSubgroups } from './characteristic-capability.query';

const criteria = { partNumber: 'P-1', characteristicId: 'D1' };
const row = (i: number, values: number[], limits: Partial<CapabilitySubgroup> = {}): CapabilitySubgroup => {
  const { n, mean, range, stdDev } = subgroupStatistics(values);
  return {
    lotNumber: `L${i}`,
    inspectionId: `I${i}`,
    inspectedAt: `2026-11-0${1 + i}T08:00:00.000Z`,
    stage: 'IPQC',
    n,
    mean,
    range,
    stdDev,
    lsl: 9,
    usl: 11,
    nominal: 10,
    unit: 'mm',
    ...limits,
  };
};
const groups = [
  [10, 10.2, 9.9],
  [10.1, 9.8, 10],
  [9.9, 10.1, 10.3],
  [10, 10, 10.1],
];

describe('capability answer from stored subgroups', () => {
  it('is exactly the SPC core analysis of the same subgroups', () => {
    const outcome = capabilityFromSubgroups(
      criteria,
      groups.map((g, i) => row(i, g)),
    );
    const expected = analyse({
      subgroups: groups.map((values, i) => ({ values, ...subgroupStatistics(values), label: { lotNumber: `L${i}`, inspectionId: `I${i}` } })),
      lsl: 9,
      usl: 11,
      target: 10,
    });
    if (outcome.kind !== 'ok' || isSpcError(expected)) throw new Error('expected an analysis');
    expect(outcome.answer).toMatchObject({
      cp: expected.cp,
      cpk: expected.cpk,
      pp: expected.pp,
      ppk: expected.ppk,
      sigmaWithin: expected.sigmaWithin,
      sigmaOverall: expected.sigmaOverall,
      xbar: expected.xbar,
      range: expected.range,
    });
    expect(outcome.answer.points.map((p) => p.inspectedAt)).toEqual(groups.map((_, i) => `2026-11-0${1 + i}T08:00:00.000Z`));
  });

  it('uses the limits of the most recent inspection and says whether they varied', () => {
    const rows = [row(0, groups[0], { lsl: 8, usl: 12 }), row(1, groups[1]), row(2, groups[2], { lsl: 9.5, usl: 10.5, nominal: 10 })];
    const outcome = capabilityFromSubgroups(criteria, rows);
    if (outcome.kind !== 'ok') throw new Error('expected an analysis');
    expect(outcome.answer).toMatchObject({ lsl: 9.5, usl: 10.5, target: 10 });
    expect(outcome.answer.specLimits).toEqual({
      source: 'most-recent-inspection',
      lotNumber: 'L2',
      inspectionId: 'I2',
      inspectedAt: '2026-11-03T08:00:00.000Z',
      unit: 'mm',
      varied: true,
    });
    const same = capabilityFromSubgroups(criteria, [row(0, groups[0]), row(1, groups[1])]);
    expect(same.kind === 'ok' && same.answer.specLimits.varied).toBe(false);
  });

  it('has no data without subgroups, and passes SPC refusals on as values', () => {
    expect(capabilityFromSubgroups(criteria, [])).toEqual({ kind: 'no-data' });
    expect(capabilityFromSubgroups(criteria, [row(0, [10])])).toMatchObject({ kind: 'spc-error', error: { kind: 'insufficient-data' } });
    expect(capabilityFromSubgroups(criteria, [row(0, [10, 10.1], { lsl: 11, usl: 9 })])).toMatchObject({
      kind: 'spc-error',
      error: { kind: 'invalid-spec-limits' },
    });
  });

  it('gives null Cp and a one-sided Cpk when only an upper limit is given', () => {
    const outcome = capabilityFromSubgroups(
      criteria,
      groups.map((g, i) => row(i, g, { lsl: null, nominal: null })),
    );
    expect(outcome.kind === 'ok' && [outcome.answer.cp, outcome.answer.cpk !== null]).toEqual([null, true]);
  });
});
