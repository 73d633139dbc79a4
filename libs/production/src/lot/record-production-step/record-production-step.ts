import { Decision, reject, Rejection } from '@lotstream/domain';
import type { ProductionStepCompleted, StepFacts } from '../lot.events';
import { isShippedOut, LotState } from '../lot.state';

/** One operation done on a lot at a work centre (also the shape of a prototype step). */
export type RecordStep = StepFacts;

export interface RecordProductionStep extends RecordStep {
  lotNumber: string;
}

/** Rules every step obeys, lot or prototype: time runs forward, no more pieces out than in, equipment named. */
export function stepRuleBroken(command: RecordStep): Rejection | undefined {
  if (Date.parse(command.completedAt) < Date.parse(command.startedAt)) {
    return reject('rule', 'step-ends-before-start', 'completedAt must not be before startedAt.', 'completedAt');
  }
  if (command.quantityGood + command.quantityScrapped > command.quantityIn) {
    return reject('rule', 'step-quantities', 'quantityGood + quantityScrapped must not exceed quantityIn.', 'quantityGood');
  }
  if (command.equipmentIds.length === 0) {
    return reject('rule', 'step-without-equipment', 'A step names the equipment it was made on.', 'equipmentIds');
  }
  return undefined;
}

export function stepData(command: RecordStep): ProductionStepCompleted['data'] {
  return {
    stepId: command.stepId,
    operation: command.operation,
    sequence: command.sequence,
    workCenter: command.workCenter,
    equipmentIds: [...command.equipmentIds],
    operatorId: command.operatorId,
    sopRevision: command.sopRevision,
    startedAt: command.startedAt,
    completedAt: command.completedAt,
    quantityIn: command.quantityIn,
    quantityGood: command.quantityGood,
    quantityScrapped: command.quantityScrapped,
    ...(command.parameters !== undefined ? { parameters: { ...command.parameters } } : {}),
  };
}

export function decideRecordProductionStep(command: RecordProductionStep, lot: LotState): Decision<ProductionStepCompleted> {
  if (!lot.registered) return reject('not-found', 'lot-not-found', `Lot ${command.lotNumber} was not found.`);
  if (lot.stepIds.has(command.stepId)) {
    return reject('conflict', 'step-already-recorded', `Step ${command.stepId} is already recorded on lot ${command.lotNumber}.`, 'stepId');
  }
  if (isShippedOut(lot)) return reject('rule', 'lot-shipped', `Lot ${command.lotNumber} has been shipped; it takes no more steps.`);
  const broken = stepRuleBroken(command);
  if (broken) return broken;
  return [{ type: 'ProductionStepCompleted', data: stepData(command) }];
}
