import { PROTOTYPE_WRITERS } from '@lotstream/access';
import { lotStreamId } from '@lotstream/production';
import { defineCommand } from '@lotstream/recording';
import { prototypeStreamId } from '../prototype.events';
import { StartPrototypeBuildDto } from './start-prototype-build.dto';
import { StartPrototypeBuildCommand } from './start-prototype-build.handler';

export const START_PROTOTYPE_BUILD = defineCommand({
  type: 'StartPrototypeBuild',
  payload: StartPrototypeBuildDto,
  command: StartPrototypeBuildCommand,
  roles: PROTOTYPE_WRITERS,
  route: { path: '/v1/prototypes' },
  api: {
    summary: 'Start a prototype build',
    description: "A build id is used once (409) and may not be a production lot number (422). A site outside the key's sites → 403.",
    event: 'PrototypeBuildStarted',
    example: {
      buildId: 'PB-2026-007',
      partNumber: 'PN-4711',
      designRevision: 'D0.3',
      siteId: 'SITE-A',
      requestedBy: 'R&D J. Park',
      purpose: 'Validate the thin-wall design before tooling the production routing.',
    },
  },
  streamOf: (p) => prototypeStreamId(p.buildId),
  reads: (p) => [lotStreamId(p.buildId)],
});
