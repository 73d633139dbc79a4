import { QUALITY_WRITERS } from '@lotstream/access';
import { lotStreamId } from '@lotstream/production';
import { defineCommand } from '@lotstream/recording';
import { RaiseNonconformanceBody, RaiseNonconformanceDto } from './raise-nonconformance.dto';
import { RaiseNonconformanceCommand } from './raise-nonconformance.handler';

export const RAISE_NONCONFORMANCE = defineCommand({
  type: 'RaiseNonconformance',
  payload: RaiseNonconformanceDto,
  body: RaiseNonconformanceBody,
  command: RaiseNonconformanceCommand,
  roles: QUALITY_WRITERS,
  route: { path: '/v1/lots/{lotNumber}/nonconformances', params: [{ name: 'lotNumber', example: 'L-2026-0001' }] },
  api: {
    summary: 'Raise a nonconformance on the lot',
    description: 'An NC id is raised once per lot (409); quantityAffected at most the lot quantity (422).',
    event: 'NonconformanceRaised',
    example: { ncId: 'NC-2026-0077', description: 'Outer diameter above USL on 12 pieces after OP20 (tool wear).', quantityAffected: 12 },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
});
