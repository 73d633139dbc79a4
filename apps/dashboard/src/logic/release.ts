import type { LotSummary } from '../api-types';

type ReleaseStatus = LotSummary['release'];

/** The lot summary's release line: whether a release stands, and what superseded it. */
export function releaseText(release: ReleaseStatus): string {
  if (release.status === 'none') return 'not released';
  if (release.status === 'in-force') return `released (${release.releaseId})`;
  const by = release.supersededBy ?? [];
  return `release ${release.releaseId} superseded by ${by.length === 1 ? 'correction' : 'corrections'} ${by.join(', ')}: a new release is needed`;
}

/** The holds in force, or that there are none. */
export function holdsText(release: ReleaseStatus): string {
  if (!release.onHold || release.activeHolds.length === 0) return 'none';
  return release.activeHolds.map((h) => `${h.holdId} (${h.reason})`).join('; ');
}
