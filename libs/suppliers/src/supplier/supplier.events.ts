/**
 * Events of a supplier's stream (`supplier-<supplierId>`): whether it is approved for which parts
 * (or commodity) from when to when, whether it is suspended, the attribute sampling plan per part
 * and the receiving inspections of its lots — the last fold into the ISO 2859-1 switching state
 * per part, so the sampling answer as of any past moment replays from this stream alone.
 */
import type { InspectionLevel, Severity } from '../sampling/iso2859-tables';

export const APPROVAL_BASES = ['audit', 'certification', 'first-article', 'history'] as const;
export type ApprovalBasis = (typeof APPROVAL_BASES)[number];

export interface SupplierRegistered {
  type: 'SupplierRegistered';
  data: { supplierId: string; name: string; siteIds: string[] };
}

export interface SupplierApproved {
  type: 'SupplierApproved';
  data: {
    approvalId: string;
    partNumbers?: string[];
    commodity?: string;
    validFrom: string;
    validUntil?: string;
    basis: ApprovalBasis;
    evidenceRef?: string;
    approvedBy: string;
  };
}

export interface SupplierSuspended {
  type: 'SupplierSuspended';
  data: { reason: string; effectiveFrom: string };
}

export interface SupplierReinstated {
  type: 'SupplierReinstated';
  data: { effectiveFrom: string; reinstatedBy: string; reason?: string };
}

export interface SamplingPlanSet {
  type: 'SamplingPlanSet';
  data: { partNumber: string; inspectionLevel: InspectionLevel; aql: number; severity: Severity };
}

/** ISO 2859-1 9.4: acceptance inspection resumes (on tightened) after the supplier's corrective action. */
export interface SamplingResumed {
  type: 'SamplingResumed';
  data: { partNumber: string; resumedBy: string; reason: string };
}

export interface ReceivingInspectionRecorded {
  type: 'ReceivingInspectionRecorded';
  data: {
    inspectionId: string;
    lotNumber: string;
    partNumber: string;
    lotSize: number;
    sampleSize: number;
    nonconforming: number;
    inspectedAt: string;
    inspectorId: string;
    characteristicIds?: string[];
    plan: {
      standard: 'ISO 2859-1';
      inspectionLevel: InspectionLevel;
      aql: number;
      severity: Severity;
      codeLetter: string;
      sampleSize: number;
      acceptNumber: number;
      rejectNumber: number;
      hundredPercent: boolean;
    };
    decision: 'accepted' | 'not-accepted';
    /** Whether the lot would have been accepted one AQL step tighter (the switching score, 9.3.3.2). */
    acceptedOneStepTighter: boolean;
  };
}

export type SupplierEvent =
  SupplierRegistered | SupplierApproved | SupplierSuspended | SupplierReinstated | SamplingPlanSet | SamplingResumed | ReceivingInspectionRecorded;

export const SUPPLIER_EVENT_TYPES = [
  'SupplierRegistered',
  'SupplierApproved',
  'SupplierSuspended',
  'SupplierReinstated',
  'SamplingPlanSet',
  'SamplingResumed',
  'ReceivingInspectionRecorded',
] as const;

export const supplierStreamId = (supplierId: string): string => `supplier-${supplierId}`;
