import { ADMIN_ROLES } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { siteStreamId } from '../site-policy.events';
import { SetSitePolicyBody, SetSitePolicyDto } from './set-site-policy.dto';
import { SetSitePolicyCommand } from './set-site-policy.handler';

export const SET_SITE_POLICY = defineCommand({
  type: 'SetSitePolicy',
  payload: SetSitePolicyDto,
  body: SetSitePolicyBody,
  command: SetSitePolicyCommand,
  roles: ADMIN_ROLES,
  route: { method: 'PUT', path: '/v1/sites/{siteId}/policy', params: [{ name: 'siteId', example: 'SITE-A' }] },
  api: {
    summary: "Set a site's work-condition policy",
    description:
      'Each rule is record (store the fact and flag it) or refuse (the command is refused with 422); an omitted rule is record. Every change is a SitePolicySet event on the site stream, so the rules in force at any moment can be replayed.',
    event: 'SitePolicySet',
    example: { operatorQualification: 'refuse', documentEffectivity: 'refuse', equipmentCalibration: 'record' },
  },
  streamOf: (p) => siteStreamId(p.siteId),
});
