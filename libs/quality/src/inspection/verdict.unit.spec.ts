import { gaugeRuleBroken, limitsRuleBroken, verdictOf } from './verdict';

describe('verdictOf', () => {
  it('passes when every value lies within the limits, limits included', () => {
    expect(verdictOf({ id: 'D1', lsl: 9.9, usl: 10.1, unit: 'mm' }, [9.9, 10, 10.1])).toBe('pass');
  });
  it('fails when any value lies outside', () => {
    expect(verdictOf({ id: 'D1', lsl: 9.9, usl: 10.1, unit: 'mm' }, [10, 10.1000001])).toBe('fail');
    expect(verdictOf({ id: 'D1', lsl: 9.9, unit: 'mm' }, [9.8])).toBe('fail');
  });
  it('judges one-sided limits on their side only', () => {
    expect(verdictOf({ id: 'Ra', usl: 0.8, unit: 'um' }, [0.1, 0.8])).toBe('pass');
  });
  it('answers n/a when no limit is given', () => {
    expect(verdictOf({ id: 'D1', nominal: 10, unit: 'mm' }, [1e6])).toBe('n/a');
  });
  it('refuses LSL above USL, accepts equal limits', () => {
    expect(limitsRuleBroken({ id: 'D1', lsl: 2, usl: 1, unit: 'mm' })).toMatchObject({ kind: 'rule', code: 'limits-inverted' });
    expect(limitsRuleBroken({ id: 'D1', lsl: 1, usl: 1, unit: 'mm' })).toBeUndefined();
  });
  it('accepts only registered gauges', () => {
    expect(gaugeRuleBroken('G1', { registered: false })).toMatchObject({ kind: 'rule', code: 'gauge-unknown' });
    expect(gaugeRuleBroken('M1', { registered: true, kind: 'machine' })).toMatchObject({ kind: 'rule', code: 'not-a-gauge' });
    expect(gaugeRuleBroken('G1', { registered: true, kind: 'gauge' })).toBeUndefined();
  });
});
