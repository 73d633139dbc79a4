import { QUALITY_WRITERS } from '@lotstream/access';
import { lotStreamId } from '@lotstream/production';
import { defineCommand } from '@lotstream/recording';
import { DispositionNonconformanceBody, DispositionNonconformanceDto } from './disposition-nonconformance.dto';
import { DispositionNonconformanceCommand } from './disposition-nonconformance.handler';

export const DISPOSITION_NONCONFORMANCE = defineCommand({
  type: 'DispositionNonconformance',
  payload: DispositionNonconformanceDto,
  body: DispositionNonconformanceBody,
  command: DispositionNonconformanceCommand,
  roles: QUALITY_WRITERS,
  route: {
    path: '/v1/lots/{lotNumber}/nonconformances/{ncId}/disposition',
    params: [
      { name: 'lotNumber', example: 'L-2026-0001' },
      { name: 'ncId', example: 'NC-2026-0077' },
    ],
  },
  api: {
    summary: 'Disposition a nonconformance',
    description: 'Unknown NC → 404; an NC is dispositioned once (409).',
    event: 'NonconformanceDispositioned',
    example: { disposition: 'rework', authorizedBy: 'QE J. Moreau (MRB)' },
  },
  streamOf: (p) => lotStreamId(p.lotNumber),
});
