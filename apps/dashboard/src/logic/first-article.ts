import type { FirstArticleForms, Form3Row } from '../api-types';

// Pure mappings of the first-article page: what changed from 0 to 1 on a Form 3 row, how a
// gauge's R&R verdict reads, and how a Form 2 material's supplier approval and receiving decision read.

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

type Material = FirstArticleForms['form2']['materials'][number];

/** Whether the registered supplier was approved for the part at receipt, as the page shows it beside its id. */
export function supplierApprovalText(m: Pick<Material, 'supplierId' | 'supplierApproved'>): { text: string; ok: boolean | null } {
  if (m.supplierId === undefined) return { text: '', ok: null };
  if (m.supplierApproved === undefined) return { text: 'approval unknown', ok: null };
  return m.supplierApproved ? { text: 'approved', ok: true } : { text: 'NOT approved for the part', ok: false };
}

/**
 * The ISO 2859-1 receiving decision of a material lot: accepted / not-accepted (and a later
 * use-as-is release of a not-accepted lot), with the inspection, plan, sample and Ac/Re it rests on.
 */
export function receivingText(r: NonNullable<Material['receiving']>): { decision: string; ok: boolean; basis: string } {
  const basis = `${r.inspectionId}, ${r.severity} ${r.codeLetter}, n=${r.sampleSize} d=${r.nonconforming}, Ac ${r.acceptNumber} / Re ${r.rejectNumber}`;
  if (r.standing === 'use-as-is') return { decision: 'not-accepted, released use-as-is', ok: false, basis };
  return { decision: r.decision, ok: r.decision === 'accepted', basis };
}
