import { fieldChanges, formatRecordedInstant, formatRecordedValue } from './corrections';

describe('history corrections logic', () => {
  it('reads recorded values exactly: measurements space-separated, numbers as recorded, instants to the second, none as a dash', () => {
    expect(formatRecordedValue([10.4, 10.03, 9.98])).toBe('10.4 10.03 9.98');
    expect(formatRecordedValue(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatRecordedValue(12)).toBe('12');
    expect(formatRecordedValue('OQC')).toBe('OQC');
    expect(formatRecordedValue('2026-12-01T09:00:00Z')).toBe('2026-12-01 09:00 UTC');
    expect(formatRecordedValue('2026-12-01T09:00:07.000Z')).toBe('2026-12-01 09:00:07 UTC');
    expect(formatRecordedValue('2026-12-01T10:00:00+01:00')).toBe('2026-12-01 09:00 UTC');
    expect(formatRecordedValue(undefined)).toBe('—');
    expect(formatRecordedValue(null)).toBe('—');
    expect(formatRecordedValue([])).toBe('—');
    expect(formatRecordedValue({})).toBe('{}');
    // A string that only looks like a date is left as it is.
    expect(formatRecordedValue('2026-12-01 lot')).toBe('2026-12-01 lot');
  });

  it('keeps the milliseconds when they are recorded, so a correction of one second or less still reads as a change', () => {
    expect(formatRecordedInstant('2026-12-01T09:00:00.250Z')).toBe('2026-12-01 09:00:00.250 UTC');
    expect(formatRecordedInstant('not an instant')).toBe('not an instant');
  });

  it('lists what a correction changed, before and after, in the order the correction names the fields', () => {
    expect(fieldChanges({ measurements: [10.4, 10.03], verdict: 'fail' }, { measurements: [10.04, 10.03], verdict: 'pass' })).toEqual([
      { field: 'measurements', before: '10.4 10.03', after: '10.04 10.03' },
      { field: 'verdict', before: 'fail', after: 'pass' },
    ]);
  });

  it('leaves out what did not change and names a nested field by its path', () => {
    const previous = { characteristic: { id: 'OD', lsl: 9.9, usl: 10.1, unit: 'mm' }, verdict: 'pass' };
    const corrected = { characteristic: { id: 'OD', lsl: 9.9, usl: 10.2, unit: 'mm' }, verdict: 'pass' };
    expect(fieldChanges(previous, corrected)).toEqual([{ field: 'characteristic.usl', before: '10.1', after: '10.2' }]);
  });

  it('shows a field added or dropped by a correction against a dash, and nothing for no correction data', () => {
    expect(fieldChanges({}, { parameters: { feed: 0.2 } })).toEqual([{ field: 'parameters.feed', before: '—', after: '0.2' }]);
    expect(fieldChanges({ characteristic: { nominal: 10 } }, { characteristic: {} })).toEqual([
      { field: 'characteristic', before: '—', after: '{}' },
      { field: 'characteristic.nominal', before: '10', after: '—' },
    ]);
    expect(fieldChanges(undefined, undefined)).toEqual([]);
    expect(fieldChanges({ quantity: 5 }, { quantity: 5 })).toEqual([]);
  });
});
