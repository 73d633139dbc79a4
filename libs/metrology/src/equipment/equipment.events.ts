import type { GaugeRrResult, MsaMeasurement } from '../msa/gauge-rr';

/**
 * Events of an equipment stream (`equipment-<equipmentId>`): gauges and machines and their
 * calibrations. *As found* is the state before adjustment (out of tolerance as found means
 * measurements made since the previous good calibration are suspect); *as left* is after.
 */

export type EquipmentKind = 'gauge' | 'machine';
export type ToleranceState = 'in-tolerance' | 'out-of-tolerance';

export interface EquipmentRegistered {
  type: 'EquipmentRegistered';
  data: { equipmentId: string; kind: EquipmentKind; description: string; siteId: string; calibrationIntervalDays: number };
}

export interface CalibrationRecorded {
  type: 'CalibrationRecorded';
  data: {
    calibrationId: string;
    performedAt: string;
    asFound: ToleranceState;
    asLeft: ToleranceState;
    nextDueAt: string;
    certificateRef: string;
    performedBy: string;
  };
}

/** The characteristic a gauge R&R study measured; limits (both) make %tolerance the verdict basis. */
export interface MsaCharacteristic {
  id: string;
  unit: string;
  lsl?: number;
  usl?: number;
}

/**
 * A gauge R&R study (measurement system analysis) of this gauge on one part number × characteristic,
 * with the results the service computed when it was recorded: a later change of the statistics never
 * changes a past verdict.
 */
export interface MsaStudyRecorded {
  type: 'MsaStudyRecorded';
  data: {
    studyId: string;
    partNumber: string;
    characteristic: MsaCharacteristic;
    method: 'crossed';
    performedAt: string;
    measurements: MsaMeasurement[];
    /** Which computation produced `results` (AIAG MSA 4th edition, both methods). */
    analysis: typeof MSA_ANALYSIS;
    results: GaugeRrResult;
  };
}

export const MSA_ANALYSIS = 'aiag-msa-4:average-range+anova-crossed:v1' as const;

export type EquipmentEvent = EquipmentRegistered | CalibrationRecorded | MsaStudyRecorded;

export const EQUIPMENT_EVENT_TYPES = ['EquipmentRegistered', 'CalibrationRecorded', 'MsaStudyRecorded'] as const;

export const equipmentStreamId = (equipmentId: string): string => `equipment-${equipmentId}`;
