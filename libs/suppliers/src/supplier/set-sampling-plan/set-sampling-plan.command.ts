import { SUPPLIER_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { supplierStreamId } from '../supplier.events';
import { SetSamplingPlanBody, SetSamplingPlanDto } from './set-sampling-plan.dto';
import { SetSamplingPlanCommand } from './set-sampling-plan.handler';

export const SET_SAMPLING_PLAN = defineCommand({
  type: 'SetSamplingPlan',
  payload: SetSamplingPlanDto,
  body: SetSamplingPlanBody,
  command: SetSamplingPlanCommand,
  roles: SUPPLIER_WRITERS,
  route: { path: '/v1/suppliers/{supplierId}/sampling-plans', params: [{ name: 'supplierId', example: 'SUP-ACME' }] },
  api: {
    summary: 'Set the ISO 2859-1 sampling plan for a part from this supplier',
    description:
      'Unknown supplier → 404; an AQL that is not a preferred value (0.010 … 1000) → 422. The switching state of the part starts afresh at severity (default normal).',
    event: 'SamplingPlanSet',
    example: { partNumber: 'BAR-4140-32', inspectionLevel: 'II', aql: 1.0 },
  },
  streamOf: (p) => supplierStreamId(p.supplierId),
});
