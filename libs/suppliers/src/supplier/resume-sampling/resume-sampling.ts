import { Decision, reject } from '@lotstream/domain';
import type { SamplingResumed } from '../supplier.events';
import type { SupplierState } from '../supplier.state';

/** ISO 2859-1 9.4: resume acceptance inspection of a discontinued part, on tightened inspection. */
export interface ResumeSampling {
  supplierId: string;
  partNumber: string;
  resumedBy: string;
  reason: string;
}

export function decideResumeSampling(command: ResumeSampling, supplier: SupplierState): Decision<SamplingResumed> {
  const plan = supplier.plans.get(command.partNumber);
  if (!plan) return reject('not-found', 'sampling-plan-not-found', `No sampling plan for part ${command.partNumber}.`, 'partNumber');
  if (plan.switching.severity !== 'discontinued') {
    return reject('rule', 'inspection-not-discontinued', `Inspection of part ${command.partNumber} is not discontinued.`, 'partNumber');
  }
  const { partNumber, resumedBy, reason } = command;
  return [{ type: 'SamplingResumed', data: { partNumber, resumedBy, reason } }];
}
