import { Decision, reject } from '@lotstream/domain';
import type { QualityLot } from '../../lot-quality/lot-quality.state';
import type { Characteristic, InspectionRecorded, InspectionStage } from '../inspection.events';
import { gaugeRuleBroken, GaugeFacts, limitsRuleBroken, verdictOf } from '../verdict';

/** One subgroup of measurements of one characteristic, taken with one gauge (also the prototype shape). */
export interface RecordInspectionFields {
  inspectionId: string;
  stage: InspectionStage;
  characteristic: Characteristic;
  measurements: number[];
  gaugeId: string;
  inspectorId: string;
  inspectedAt: string;
}

export interface RecordInspection extends RecordInspectionFields {
  lotNumber: string;
}

export interface RecordInspectionSituation {
  lot: QualityLot;
  gauge: GaugeFacts;
}

export function inspectionData(command: RecordInspectionFields): Omit<InspectionRecorded['data'], 'partNumber'> {
  const { id, lsl, usl, nominal, unit } = command.characteristic;
  const characteristic: Characteristic = {
    id,
    unit,
    ...(lsl !== undefined ? { lsl } : {}),
    ...(usl !== undefined ? { usl } : {}),
    ...(nominal !== undefined ? { nominal } : {}),
  };
  return {
    inspectionId: command.inspectionId,
    stage: command.stage,
    characteristic,
    measurements: [...command.measurements],
    gaugeId: command.gaugeId,
    inspectorId: command.inspectorId,
    inspectedAt: command.inspectedAt,
    verdict: verdictOf(characteristic, command.measurements),
  };
}

export function decideRecordInspection(command: RecordInspection, { lot, gauge }: RecordInspectionSituation): Decision<InspectionRecorded> {
  if (!lot.registered) return reject('not-found', 'lot-not-found', `Lot ${command.lotNumber} was not found.`);
  if (lot.inspectionIds.has(command.inspectionId)) {
    return reject(
      'conflict',
      'inspection-already-recorded',
      `Inspection ${command.inspectionId} is already recorded on lot ${command.lotNumber}.`,
      'inspectionId',
    );
  }
  const broken = limitsRuleBroken(command.characteristic) ?? gaugeRuleBroken(command.gaugeId, gauge);
  if (broken) return broken;
  // The part number travels with the inspection so capability read models need no join to the lot.
  return [{ type: 'InspectionRecorded', data: { ...inspectionData(command), partNumber: lot.registered.partNumber } }];
}
