import { PROTOTYPE_WRITERS } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { prototypeStreamId } from '../prototype.events';
import { PromotePrototypeBody, PromotePrototypeDto } from './promote-prototype.dto';
import { PromotePrototypeCommand } from './promote-prototype.handler';

export const PROMOTE_PROTOTYPE = defineCommand({
  type: 'PromotePrototype',
  payload: PromotePrototypeDto,
  body: PromotePrototypeBody,
  command: PromotePrototypeCommand,
  roles: PROTOTYPE_WRITERS,
  route: { path: '/v1/prototypes/{buildId}/promotion', params: [{ name: 'buildId', example: 'PB-2026-007' }] },
  api: {
    summary: 'Promote the build to the production baseline of its part',
    description:
      'Only after completion with outcome accepted (422); once (409). `specialProcesses` names operations that are special processes (422 `special-process-unknown` for one the build never ran and `sopRevisions` does not name).',
    event: 'PrototypePromoted',
    example: {
      partRevision: 'D',
      routingRevision: 'R1',
      sopRevisions: { turning: 'SOP-12 rev A', 'heat-treat': 'SOP-30 rev B' },
      specialProcesses: ['heat-treat'],
    },
  },
  streamOf: (p) => prototypeStreamId(p.buildId),
});
