/**
 * Events of a site's stream (`site-<siteId>`): which work-condition rules the site enforces, and
 * since when, so an auditor sees which rules were in force when a fact was recorded. `record`
 * stores the fact and flags it in the read side; `refuse` makes the command side refuse it (422).
 */
export type PolicyMode = 'record' | 'refuse';

export const POLICY_MODES: readonly PolicyMode[] = ['record', 'refuse'];

// A type alias, not an interface: event data must stay assignable to Record<string, unknown>.
export type SitePolicy = {
  /** A production step by an operator not qualified (or not trained on the revision used) at the time. */
  operatorQualification: PolicyMode;
  /** A production step under a document revision not in force at the time. */
  documentEffectivity: PolicyMode;
  /** An inspection with a gauge not in calibration at the time. */
  equipmentCalibration: PolicyMode;
  /** A material receipt from a supplier not approved for the part at receivedAt. */
  supplierApproval: PolicyMode;
  /** A shipment of a lot that has no release in force (issue 17). */
  releaseBeforeShipment: PolicyMode;
  /** A nonconformance disposition without an electronic signature (issue 17). */
  signedDispositions: PolicyMode;
};

export const DEFAULT_SITE_POLICY: SitePolicy = {
  operatorQualification: 'record',
  documentEffectivity: 'record',
  equipmentCalibration: 'record',
  supplierApproval: 'record',
  releaseBeforeShipment: 'record',
  signedDispositions: 'record',
};

export interface SitePolicySet {
  type: 'SitePolicySet';
  // Policies set before a rule existed lack it: it reads as `record`.
  data: { siteId: string } & Omit<SitePolicy, 'supplierApproval' | 'releaseBeforeShipment' | 'signedDispositions'> & {
      supplierApproval?: PolicyMode;
      releaseBeforeShipment?: PolicyMode;
      signedDispositions?: PolicyMode;
    };
}

export type SiteEvent = SitePolicySet;

export const siteStreamId = (siteId: string): string => `site-${siteId}`;
