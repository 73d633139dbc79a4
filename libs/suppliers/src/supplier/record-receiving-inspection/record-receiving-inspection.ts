import { Decision, reject } from '@lotstream/domain';
import { samplingPlan, tighterAcceptNumber, MAX_LOT_SIZE } from '../../sampling/iso2859-sampling';
import type { Severity } from '../../sampling/iso2859-tables';
import type { ReceivingInspectionRecorded } from '../supplier.events';
import type { SupplierState } from '../supplier.state';

/** Record the attribute inspection of a received lot; the service applies the plan and decides. */
export interface RecordReceivingInspection {
  lotNumber: string;
  inspectionId: string;
  sampleSize: number;
  nonconforming: number;
  inspectedAt: string;
  inspectorId: string;
  characteristicIds?: string[];
}

/** What the lot's stream says about it (the handler reads it there). */
export interface ReceivedLot {
  lotNumber: string;
  partNumber: string;
  quantity: number;
}

export function decideRecordReceivingInspection(
  command: RecordReceivingInspection,
  lot: ReceivedLot,
  supplier: SupplierState,
): Decision<ReceivingInspectionRecorded> {
  if (supplier.inspections.has(command.inspectionId)) {
    return reject('conflict', 'inspection-already-recorded', `Inspection ${command.inspectionId} is already recorded.`, 'inspectionId');
  }
  const part = supplier.plans.get(lot.partNumber);
  if (!part) return reject('rule', 'no-sampling-plan', `No sampling plan is set for part ${lot.partNumber} from this supplier.`, 'lotNumber');
  if (part.switching.severity === 'discontinued') {
    return reject('rule', 'inspection-discontinued', `Acceptance inspection of part ${lot.partNumber} is discontinued (ISO 2859-1 9.4) until resumed.`);
  }
  const lotSize = lot.quantity;
  if (!Number.isInteger(lotSize) || lotSize < 2 || lotSize > MAX_LOT_SIZE) {
    return reject('rule', 'lot-size-out-of-range', `A lot of ${lotSize} cannot be sampled (2 … ${MAX_LOT_SIZE} whole pieces).`, 'lotNumber');
  }
  if (command.nonconforming > command.sampleSize) {
    return reject('rule', 'nonconforming-exceeds-sample', 'nonconforming cannot exceed sampleSize.', 'nonconforming');
  }
  const severity: Severity = part.switching.severity;
  const plan = samplingPlan({ lotSize, inspectionLevel: part.inspectionLevel, aql: part.aql, severity });
  if (command.sampleSize !== plan.sampleSize && command.sampleSize !== lotSize) {
    return reject(
      'rule',
      'sample-size-not-plan',
      `The plan (${severity}, code letter ${plan.planCodeLetter}) asks for ${plan.sampleSize} pieces (or 100 %: ${lotSize}).`,
      'sampleSize',
    );
  }
  const hundredPercent = command.sampleSize === lotSize;
  const accepted = command.nonconforming <= plan.acceptNumber;
  const tighter = tighterAcceptNumber(severity, plan.codeLetter, part.aql);
  return [
    {
      type: 'ReceivingInspectionRecorded',
      data: {
        inspectionId: command.inspectionId,
        lotNumber: lot.lotNumber,
        partNumber: lot.partNumber,
        lotSize,
        sampleSize: command.sampleSize,
        nonconforming: command.nonconforming,
        inspectedAt: command.inspectedAt,
        inspectorId: command.inspectorId,
        ...(command.characteristicIds ? { characteristicIds: command.characteristicIds } : {}),
        plan: {
          standard: 'ISO 2859-1',
          inspectionLevel: part.inspectionLevel,
          aql: part.aql,
          severity,
          codeLetter: plan.planCodeLetter,
          sampleSize: plan.sampleSize,
          acceptNumber: plan.acceptNumber,
          rejectNumber: plan.rejectNumber,
          hundredPercent,
        },
        decision: accepted ? 'accepted' : 'not-accepted',
        acceptedOneStepTighter: accepted && tighter !== undefined && command.nonconforming <= tighter,
      },
    },
  ];
}
