import { PROTOTYPE_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { prototypeStreamId } from '../prototype.events';
import { CompletePrototypeBuildBody, CompletePrototypeBuildDto } from './complete-prototype-build.dto';
import { CompletePrototypeBuildCommand } from './complete-prototype-build.handler';

export const COMPLETE_PROTOTYPE_BUILD = defineCommand({
  type: 'CompletePrototypeBuild',
  payload: CompletePrototypeBuildDto,
  body: CompletePrototypeBuildBody,
  command: CompletePrototypeBuildCommand,
  roles: PROTOTYPE_WRITERS,
  route: { path: '/v1/prototypes/{buildId}/completion', params: [{ name: 'buildId', example: 'PB-2026-007' }] },
  api: {
    summary: 'Complete the build with its outcome',
    description: 'Once (409).',
    event: 'PrototypeBuildCompleted',
    example: { outcome: 'accepted' },
  },
  streamOf: (p) => prototypeStreamId(p.buildId),
});
