import { EnumField, IdField } from '@lotstream/recording';
import { POLICY_MODES, PolicyMode } from '../site-policy.events';
import type { SetSitePolicy } from './set-site-policy';

export class SetSitePolicyBody implements Omit<SetSitePolicy, 'siteId'> {
  @EnumField(POLICY_MODES, 'refuse', false, 'A step by an operator not qualified at the time; record when omitted.') operatorQualification?: PolicyMode;
  @EnumField(POLICY_MODES, 'record', false, 'A step under a revision not in force at the time; record when omitted.') documentEffectivity?: PolicyMode;
  @EnumField(POLICY_MODES, 'record', false, 'An inspection with a gauge not in calibration; record when omitted.') equipmentCalibration?: PolicyMode;
  @EnumField(POLICY_MODES, 'refuse', false, 'A material receipt from a supplier not approved for the part; record when omitted.') supplierApproval?: PolicyMode;
  @EnumField(POLICY_MODES, 'refuse', false, 'A shipment of a lot without a release in force (422 lot-not-released); record when omitted.')
  releaseBeforeShipment?: PolicyMode;
  @EnumField(POLICY_MODES, 'refuse', false, 'A nonconformance disposition without a signature (422 signature-required); record when omitted.')
  signedDispositions?: PolicyMode;
}

export class SetSitePolicyDto extends SetSitePolicyBody implements SetSitePolicy {
  @IdField('SITE-A') siteId: string;
}
