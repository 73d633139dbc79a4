import type { Form3Row } from '../api-types';

// Pure mappings of the first-article page: what changed from 0 to 1 on a Form 3 row, and how a
// gauge's R&R verdict reads.

export interface ZeroToOne {
  /** The first lot's mean minus the prototype build's mean, in the characteristic's unit. */
  meanShift: number;
  /** The shift as a share of the tolerance (USL − LSL), when both limits exist. */
  shiftOfTolerance: number | null;
  /** The lot's range over the build's range; null when the build's range is 0. */
  rangeRatio: number | null;
}

/** The 0-to-1 comparison of a row: null unless both the build and the lot have results. */
export function zeroToOne(row: Pick<Form3Row, 'lsl' | 'usl' | 'prototype' | 'lot'>): ZeroToOne | null {
  if (!row.prototype || !row.lot) return null;
  const meanShift = row.lot.mean - row.prototype.mean;
  const tolerance = row.lsl !== undefined && row.usl !== undefined ? row.usl - row.lsl : null;
  return {
    meanShift,
    shiftOfTolerance: tolerance && tolerance > 0 ? meanShift / tolerance : null,
    rangeRatio: row.prototype.range > 0 ? row.lot.range / row.prototype.range : null,
  };
}

/** The gauge R&R verdict as the page shows it, and whether it is one a quality engineer may rely on. */
export function gaugeRrText(gaugeRr: Form3Row['gaugeRr']): { text: string; ok: boolean | null } {
  if (!gaugeRr) return { text: '—', ok: null };
  if (gaugeRr.verdict === 'none') return { text: 'no study', ok: false };
  return { text: gaugeRr.verdict, ok: gaugeRr.verdict === 'acceptable' };
}
