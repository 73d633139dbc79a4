/**
 * Quality events, written on the lot's stream (`lot-<lotNumber>`) and published on the quality topic.
 * Glossary: IQC = incoming inspection (material), IPQC = in-process, OQC = outgoing, FAI = first
 * article. A *characteristic* is one measured feature of a part with its specification limits
 * (LSL/USL); one inspection's measurements form one SPC *subgroup*.
 */
export type InspectionStage = 'IQC' | 'IPQC' | 'OQC' | 'FAI';
export type Verdict = 'pass' | 'fail' | 'n/a';

export interface Characteristic {
  id: string;
  lsl?: number;
  usl?: number;
  nominal?: number;
  unit: string;
}

/** schemaVersion 2 (current). Version 1 had no `characteristic.unit`; inspection-recorded.upcaster.ts fills it. */
export interface InspectionRecorded {
  type: 'InspectionRecorded';
  data: {
    inspectionId: string;
    stage: InspectionStage;
    characteristic: Characteristic;
    measurements: number[];
    gaugeId: string;
    inspectorId: string;
    inspectedAt: string;
    /** Computed by the service from the limits, never taken from the client. */
    verdict: Verdict;
    /** Copied from the lot when recorded, so SPC read models need no join. */
    partNumber: string;
  };
}

export interface NonconformanceRaised {
  type: 'NonconformanceRaised';
  data: { ncId: string; description: string; quantityAffected: number; inspectionId?: string };
}

export type Disposition = 'rework' | 'scrap' | 'use-as-is' | 'return-to-supplier';

export interface NonconformanceDispositioned {
  type: 'NonconformanceDispositioned';
  data: { ncId: string; disposition: Disposition; authorizedBy: string };
}

export type QualityEvent = InspectionRecorded | NonconformanceRaised | NonconformanceDispositioned;

export const QUALITY_EVENT_TYPES = ['InspectionRecorded', 'NonconformanceRaised', 'NonconformanceDispositioned'] as const;

export const INSPECTION_RECORDED_SCHEMA_VERSION = 2;
