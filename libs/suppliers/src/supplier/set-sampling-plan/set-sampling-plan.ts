import { Decision, reject } from '@lotstream/domain';
import type { InspectionLevel, Severity } from '../../sampling/iso2859-tables';
import { isPreferredAql } from '../../sampling/iso2859-sampling';
import type { SamplingPlanSet } from '../supplier.events';
import type { SupplierState } from '../supplier.state';

/** Set the attribute sampling plan for a part from this supplier; the switching state starts afresh. */
export interface SetSamplingPlan {
  supplierId: string;
  partNumber: string;
  inspectionLevel: InspectionLevel;
  aql: number;
  severity?: Severity;
}

export function decideSetSamplingPlan(command: SetSamplingPlan, _supplier: SupplierState): Decision<SamplingPlanSet> {
  if (!isPreferredAql(command.aql))
    return reject('rule', 'aql-not-preferred', `${command.aql} is not a preferred AQL value of ISO 2859-1 (0.010 … 1000).`, 'aql');
  const { partNumber, inspectionLevel, aql } = command;
  return [{ type: 'SamplingPlanSet', data: { partNumber, inspectionLevel, aql, severity: command.severity ?? 'normal' } }];
}
