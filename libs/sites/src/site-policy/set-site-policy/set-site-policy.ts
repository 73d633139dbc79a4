import type { Decision } from '@lotstream/domain';
import { DEFAULT_SITE_POLICY, PolicyMode, SitePolicySet } from '../site-policy.events';

/** Set which work-condition rules a site enforces; an omitted rule is `record`. */
export interface SetSitePolicy {
  siteId: string;
  operatorQualification?: PolicyMode;
  documentEffectivity?: PolicyMode;
  equipmentCalibration?: PolicyMode;
  supplierApproval?: PolicyMode;
  releaseBeforeShipment?: PolicyMode;
  signedDispositions?: PolicyMode;
}

export function decideSetSitePolicy(command: SetSitePolicy): Decision<SitePolicySet> {
  return [
    {
      type: 'SitePolicySet',
      data: {
        siteId: command.siteId,
        operatorQualification: command.operatorQualification ?? DEFAULT_SITE_POLICY.operatorQualification,
        documentEffectivity: command.documentEffectivity ?? DEFAULT_SITE_POLICY.documentEffectivity,
        equipmentCalibration: command.equipmentCalibration ?? DEFAULT_SITE_POLICY.equipmentCalibration,
        supplierApproval: command.supplierApproval ?? DEFAULT_SITE_POLICY.supplierApproval,
        releaseBeforeShipment: command.releaseBeforeShipment ?? DEFAULT_SITE_POLICY.releaseBeforeShipment,
        signedDispositions: command.signedDispositions ?? DEFAULT_SITE_POLICY.signedDispositions,
      },
    },
  ];
}
