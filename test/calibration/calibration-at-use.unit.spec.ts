import { timelineOf, validDuring, ValidityWindow } from '@lotstream/domain';
import { CalibrationFact, inCalibrationDuring } from '../../libs/traceability/src/equipment-calibration/calibration-status';
import { calibrationAtUse, CalibrationFacts } from '../../libs/repeatability/src/part-consistency/part-consistency.evaluate';

const t = (iso: string): number => Date.parse(iso);
const w = (key: string, from: string, until: string | undefined, extra: Partial<ValidityWindow<string>> = {}): ValidityWindow<string> => ({
  key,
  from: t(from),
  until: until === undefined ? undefined : t(until),
  grants: true,
  recorded: 0,
  fact: key,
  ...extra,
});

describe('validity timeline: valid during [start, end]?', () => {
  const cal = timelineOf('superseding', [w('c1', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'), w('c2', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')]);

  it('is valid from the first instant of a window (inclusive) and no longer at its end (exclusive)', () => {
    expect(validDuring(cal, { start: t('2026-01-01T00:00:00Z') }).verdict).toBe(true);
    expect(validDuring(cal, { start: t('2026-01-15T00:00:00Z'), end: t('2026-02-01T00:00:00Z') })).toMatchObject({
      verdict: false,
      reasons: [{ code: 'expired' }],
    });
    expect(validDuring(cal, { start: t('2026-02-01T00:00:00Z') })).toMatchObject({ verdict: true, window: { key: 'c2' } });
  });

  it('answers unknown before any window and for a span that ends before it starts', () => {
    expect(validDuring(cal, { start: t('2025-12-31T23:59:59Z') })).toMatchObject({ verdict: 'unknown', reasons: [{ code: 'not-yet-valid' }] });
    expect(validDuring(cal, { start: t('2026-01-10T00:00:00Z'), end: t('2026-01-09T00:00:00Z') })).toMatchObject({
      verdict: 'unknown',
      reasons: [{ code: 'invalid-span' }],
    });
    expect(validDuring(cal, { start: Number.NaN }).verdict).toBe('unknown');
  });

  it('lets the later recorded of two windows begun at one instant win, whatever order they arrive in', () => {
    const a = w('ok', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', { recorded: 1 });
    const b = w('bad', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', { recorded: 2, grants: false });
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      expect(validDuring(timelineOf('superseding', order), { start: t('2026-06-01T00:00:00Z') })).toMatchObject({
        verdict: false,
        reasons: [{ code: 'not-granted', window: { key: 'bad' } }],
      });
    }
  });

  it('voids a window retroactively: a step before the void stays valid, one during or after it is not', () => {
    const q = timelineOf('overlapping', [w('q1', '2026-01-01T00:00:00Z', undefined, { voidFrom: t('2026-03-01T00:00:00Z') })]);
    expect(validDuring(q, { start: t('2026-02-01T00:00:00Z'), end: t('2026-02-01T01:00:00Z') }).verdict).toBe(true);
    expect(validDuring(q, { start: t('2026-02-28T23:00:00Z'), end: t('2026-03-01T01:00:00Z') })).toMatchObject({ verdict: false, reasons: [{ code: 'void' }] });
    expect(validDuring(q, { start: t('2026-04-01T00:00:00Z') })).toMatchObject({ verdict: false, reasons: [{ code: 'void' }] });
  });

  it('in overlapping mode any one matching window covering the span is enough', () => {
    const q = timelineOf('overlapping', [
      w('short', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'),
      w('long', '2026-01-15T00:00:00Z', '2026-06-01T00:00:00Z'),
    ]);
    expect(validDuring(q, { start: t('2026-01-20T00:00:00Z'), end: t('2026-03-01T00:00:00Z') })).toMatchObject({ verdict: true, window: { key: 'long' } });
    expect(validDuring(q, { start: t('2026-01-10T00:00:00Z'), end: t('2026-03-01T00:00:00Z') }).verdict).toBe(false);
    expect(validDuring(q, { start: t('2025-06-01T00:00:00Z') }, { noneInForce: false }).verdict).toBe(false);
  });
});

describe('one calibration-at-use rule for lot history and part consistency', () => {
  // One gauge's calibrations; the third and fourth share an instant (the later recorded, out of tolerance, wins).
  const rows = [
    { calibrationId: 'C1', performedAt: '2026-01-01T00:00:00.000Z', asFound: 'in-tolerance', asLeft: 'in-tolerance', nextDueAt: '2026-02-01T00:00:00.000Z' },
    {
      calibrationId: 'C2',
      performedAt: '2026-02-10T00:00:00.000Z',
      asFound: 'out-of-tolerance',
      asLeft: 'in-tolerance',
      nextDueAt: '2026-05-01T00:00:00.000Z',
    },
    { calibrationId: 'C3', performedAt: '2026-05-01T00:00:00.000Z', asFound: 'in-tolerance', asLeft: 'in-tolerance', nextDueAt: '2026-08-01T00:00:00.000Z' },
    {
      calibrationId: 'C4',
      performedAt: '2026-05-01T00:00:00.000Z',
      asFound: 'out-of-tolerance',
      asLeft: 'out-of-tolerance',
      nextDueAt: '2026-08-01T00:00:00.000Z',
    },
  ];
  const traceability: CalibrationFact[] = rows.map((r, i) => ({
    ...r,
    performedAt: new Date(r.performedAt),
    nextDueAt: new Date(r.nextDueAt),
    asFound: r.asFound as CalibrationFact['asFound'],
    asLeft: r.asLeft as CalibrationFact['asLeft'],
    certificateRef: `CERT-${i}`,
    performedBy: 'lab',
    streamVersion: i + 2,
  }));
  const repeatability: CalibrationFacts[] = rows.map((r, i) => ({ ...r, equipmentId: 'G-1', position: String(100 + i) }));

  const uses: Array<[string, string, boolean | 'unknown']> = [
    ['2025-12-31T00:00:00.000Z', '2025-12-31T01:00:00.000Z', 'unknown'],
    ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', true],
    ['2026-01-20T00:00:00.000Z', '2026-02-01T00:00:00.000Z', false],
    ['2026-02-05T00:00:00.000Z', '2026-02-05T01:00:00.000Z', false],
    ['2026-02-10T00:00:00.000Z', '2026-04-30T23:59:59.000Z', true],
    ['2026-05-01T00:00:00.000Z', '2026-05-01T01:00:00.000Z', false],
    ['2026-06-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', 'unknown'],
  ];

  it.each(uses)('a use from %s to %s: both read models answer %s', (from, to, expected) => {
    const history = inCalibrationDuring(traceability, new Date(from), new Date(to));
    const consistency = calibrationAtUse(repeatability, from, to);
    expect(history.inCalibration).toBe(expected);
    expect(consistency.inCalibration).toBe(expected);
    expect(consistency.calibrationId).toBe(expected === 'unknown' ? null : history.calibration?.calibrationId);
  });

  it('both name the same calibration in force when two were recorded for one instant', () => {
    expect(inCalibrationDuring(traceability, new Date('2026-06-01T00:00:00.000Z')).calibration?.calibrationId).toBe('C4');
    expect(calibrationAtUse(repeatability, '2026-06-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z').calibrationId).toBe('C4');
  });
});
