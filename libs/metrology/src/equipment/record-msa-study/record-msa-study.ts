import { Decision, reject } from '@lotstream/domain';
import { analyseGaugeRr, isUnbalanced, MsaMeasurement } from '../../msa/gauge-rr';
import { MSA_ANALYSIS, MsaCharacteristic, MsaStudyRecorded } from '../equipment.events';
import type { EquipmentState } from '../equipment.state';

/** A crossed gauge R&R study: every part measured by every appraiser the same number of times (AIAG MSA 4th ed.). */
export interface RecordMsaStudy {
  equipmentId: string;
  studyId: string;
  partNumber: string;
  characteristic: MsaCharacteristic;
  method: 'crossed';
  performedAt: string;
  measurements: MsaMeasurement[];
}

export const MSA_STUDY_LIMITS = { parts: [2, 30], appraisers: [1, 10], trials: [2, 10] } as const;

const MAX_LISTED = 10;
const cellName = (c: { part: string; appraiser: string; trial: number }): string => `part ${c.part} × appraiser ${c.appraiser} × trial ${c.trial}`;
const listed = (cells: { part: string; appraiser: string; trial: number }[]): string =>
  cells.slice(0, MAX_LISTED).map(cellName).join(', ') + (cells.length > MAX_LISTED ? ` and ${cells.length - MAX_LISTED} more` : '');

export function decideRecordMsaStudy(command: RecordMsaStudy, equipment: EquipmentState): Decision<MsaStudyRecorded> {
  if (!equipment.registered) return reject('not-found', 'equipment-not-found', `Equipment ${command.equipmentId} was not found.`);
  if (equipment.registered.kind !== 'gauge') {
    return reject(
      'rule',
      'equipment-not-a-gauge',
      `Equipment ${command.equipmentId} is a ${equipment.registered.kind}; gauge R&R studies are of gauges.`,
      'equipmentId',
    );
  }
  if (equipment.studyIds.has(command.studyId)) {
    return reject('conflict', 'msa-study-already-recorded', `Study ${command.studyId} is already recorded.`, 'studyId');
  }
  const { lsl, usl } = command.characteristic;
  if (lsl != null && usl != null && !(usl > lsl))
    return reject('rule', 'limits-not-ordered', 'characteristic.usl must be above characteristic.lsl.', 'characteristic.usl');
  const counts = {
    parts: new Set(command.measurements.map((m) => m.part)).size,
    appraisers: new Set(command.measurements.map((m) => m.appraiser)).size,
    trials: new Set(command.measurements.map((m) => m.trial)).size,
  };
  for (const dimension of ['parts', 'appraisers', 'trials'] as const) {
    const [min, max] = MSA_STUDY_LIMITS[dimension];
    if (counts[dimension] < min || counts[dimension] > max) {
      return reject('rule', 'msa-study-size', `A crossed study needs ${min}–${max} ${dimension}; this one has ${counts[dimension]}.`, 'measurements');
    }
  }
  const results = analyseGaugeRr(command.measurements, { lsl, usl });
  if (isUnbalanced(results)) {
    const problems = [
      results.missing.length > 0 ? `missing ${listed(results.missing)}` : '',
      results.duplicated.length > 0 ? `measured more than once ${listed(results.duplicated)}` : '',
    ].filter(Boolean);
    return reject('rule', 'msa-study-unbalanced', `Every part × appraiser × trial must be measured exactly once: ${problems.join('; ')}.`, 'measurements');
  }
  return [
    {
      type: 'MsaStudyRecorded',
      data: {
        studyId: command.studyId,
        partNumber: command.partNumber,
        characteristic: command.characteristic,
        method: command.method,
        performedAt: command.performedAt,
        measurements: command.measurements,
        analysis: MSA_ANALYSIS,
        results,
      },
    },
  ];
}
