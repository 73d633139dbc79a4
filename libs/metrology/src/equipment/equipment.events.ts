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

export type EquipmentEvent = EquipmentRegistered | CalibrationRecorded;

export const EQUIPMENT_EVENT_TYPES = ['EquipmentRegistered', 'CalibrationRecorded'] as const;

export const equipmentStreamId = (equipmentId: string): string => `equipment-${equipmentId}`;
