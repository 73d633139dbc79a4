import { holdsText, releaseText } from './release';

describe('release line of the lot summary', () => {
  const base = { onHold: false, activeHolds: [] };

  it('says whether a release stands', () => {
    expect(releaseText({ ...base, status: 'none' })).toBe('not released');
    expect(releaseText({ ...base, status: 'in-force', releaseId: 'REL-7' })).toBe('released (REL-7)');
  });

  it('names what superseded a release', () => {
    expect(releaseText({ ...base, status: 'superseded', releaseId: 'REL-7', supersededBy: ['COR-1'] })).toBe(
      'release REL-7 superseded by correction COR-1: a new release is needed',
    );
    expect(releaseText({ ...base, status: 'superseded', releaseId: 'REL-7', supersededBy: ['COR-1', 'VOID-2'] })).toBe(
      'release REL-7 superseded by corrections COR-1, VOID-2: a new release is needed',
    );
  });

  it('lists the holds in force', () => {
    expect(holdsText({ ...base, status: 'none' })).toBe('none');
    expect(
      holdsText({
        status: 'none',
        onHold: true,
        activeHolds: [
          { holdId: 'H-1', reason: 'supplier recall' },
          { holdId: 'H-2', reason: 'OQC fail' },
        ],
      }),
    ).toBe('H-1 (supplier recall); H-2 (OQC fail)');
  });
});
