import { SUPPLIER_RESUMERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { supplierStreamId } from '../supplier.events';
import { ResumeSamplingBody, ResumeSamplingDto } from './resume-sampling.dto';
import { ResumeSamplingCommand } from './resume-sampling.handler';

export const RESUME_SAMPLING = defineCommand({
  type: 'ResumeSampling',
  payload: ResumeSamplingDto,
  body: ResumeSamplingBody,
  command: ResumeSamplingCommand,
  roles: SUPPLIER_RESUMERS,
  route: { path: '/v1/suppliers/{supplierId}/sampling-resumptions', params: [{ name: 'supplierId', example: 'SUP-ACME' }] },
  api: {
    summary: 'Resume discontinued acceptance inspection of a part (on tightened)',
    description: 'Unknown supplier or part without a plan → 404; a part whose inspection is not discontinued → 422. Quality keys only.',
    event: 'SamplingResumed',
    example: { partNumber: 'BAR-4140-32', resumedBy: 'QE-004', reason: 'Supplier 8D-2026-07 verified effective' },
  },
  streamOf: (p) => supplierStreamId(p.supplierId),
});
