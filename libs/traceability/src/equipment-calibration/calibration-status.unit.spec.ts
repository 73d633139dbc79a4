import { byPerformedAt, CalibrationFact, inCalibrationDuring, latestOutOfToleranceAsFound, statusAt, suspectWindow } from './calibration-status';

const calibration = (
  calibrationId: string,
  performedAt: string,
  nextDueAt: string,
  asFound: CalibrationFact['asFound'] = 'in-tolerance',
  asLeft: CalibrationFact['asLeft'] = 'in-tolerance',
  streamVersion = 1,
): CalibrationFact => ({
  calibrationId,
  performedAt: new Date(performedAt),
  nextDueAt: new Date(nextDueAt),
  asFound,
  asLeft,
  certificateRef: `CERT-${calibrationId}`,
  performedBy: 'lab',
  streamVersion,
});

const at = (instant: string): Date => new Date(instant);

describe('calibration status at the moment of use', () => {
  const timeline = [
    calibration('C1', '2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z', 'in-tolerance', 'in-tolerance', 2),
    calibration('C2', '2026-05-01T00:00:00Z', '2026-08-01T00:00:00Z', 'in-tolerance', 'out-of-tolerance', 3),
    calibration('C3', '2026-06-01T00:00:00Z', '2026-09-01T00:00:00Z', 'out-of-tolerance', 'in-tolerance', 4),
  ].sort(byPerformedAt);

  it('is unknown before any calibration and for equipment without one', () => {
    expect(inCalibrationDuring(timeline, at('2025-12-31T23:59:59Z')).inCalibration).toBe('unknown');
    expect(inCalibrationDuring([], at('2026-02-01T00:00:00Z')).inCalibration).toBe('unknown');
  });

  it('is true under a calibration left in tolerance and not yet due, including at the instant it was performed', () => {
    expect(inCalibrationDuring(timeline, at('2026-01-01T00:00:00Z'))).toMatchObject({ inCalibration: true, calibration: { calibrationId: 'C1' } });
    expect(inCalibrationDuring(timeline, at('2026-03-31T23:59:59Z')).inCalibration).toBe(true);
  });

  it('is false once the calibration is due (overdue) and while it was left out of tolerance', () => {
    expect(inCalibrationDuring(timeline, at('2026-04-01T00:00:00Z')).inCalibration).toBe(false);
    expect(inCalibrationDuring(timeline, at('2026-05-15T00:00:00Z'))).toMatchObject({ inCalibration: false, calibration: { calibrationId: 'C2' } });
    expect(inCalibrationDuring(timeline, at('2026-06-01T00:00:00Z'))).toMatchObject({ inCalibration: true, calibration: { calibrationId: 'C3' } });
  });

  it('judges a step by the calibration in force at its start, which must still be valid at its end', () => {
    expect(inCalibrationDuring(timeline, at('2026-03-31T00:00:00Z'), at('2026-03-31T12:00:00Z')).inCalibration).toBe(true);
    expect(inCalibrationDuring(timeline, at('2026-03-31T00:00:00Z'), at('2026-04-01T12:00:00Z')).inCalibration).toBe(false);
  });

  it('answers the status now: out of tolerance as left wins, then overdue, else in calibration', () => {
    expect(statusAt([], at('2026-01-01T00:00:00Z'))).toBe('unknown');
    expect(statusAt(timeline.slice(0, 1), at('2026-02-01T00:00:00Z'))).toBe('in-calibration');
    expect(statusAt(timeline.slice(0, 1), at('2026-04-01T00:00:00Z'))).toBe('overdue');
    expect(statusAt(timeline.slice(0, 2), at('2026-05-02T00:00:00Z'))).toBe('out-of-tolerance');
    expect(statusAt(timeline, at('2026-06-02T00:00:00Z'))).toBe('in-calibration');
  });

  it('puts in doubt the uses since the previous calibration left in tolerance', () => {
    const suspect = latestOutOfToleranceAsFound(timeline)!;
    expect(suspect.calibrationId).toBe('C3');
    // C2 left it out of tolerance: the window reaches back to C1.
    expect(suspectWindow(timeline, suspect).since?.calibrationId).toBe('C1');
    expect(suspectWindow(timeline.slice(0, 1), timeline[0]).since).toBeUndefined();
  });
});
