import { foldStream, LoadedStream } from '@lotstream/domain';
import { DEFAULT_SITE_POLICY, SiteEvent, SitePolicy } from './site-policy.events';

/** The policy in force at a site: the last one set, or every rule `record` when none was. */
export function evolveSitePolicy(state: SitePolicy, event: SiteEvent): SitePolicy {
  if (event.type !== 'SitePolicySet') return state;
  const { operatorQualification, documentEffectivity, equipmentCalibration, supplierApproval, releaseBeforeShipment, signedDispositions } = event.data;
  // Policies set before a rule existed do not carry it: record.
  return {
    operatorQualification,
    documentEffectivity,
    equipmentCalibration,
    supplierApproval: supplierApproval ?? 'record',
    releaseBeforeShipment: releaseBeforeShipment ?? 'record',
    signedDispositions: signedDispositions ?? 'record',
  };
}

export const sitePolicyOf = (stream: LoadedStream): SitePolicy => foldStream(stream, DEFAULT_SITE_POLICY, evolveSitePolicy);
