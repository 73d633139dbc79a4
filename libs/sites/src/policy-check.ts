import {
  calibrationAtUse,
  calibrationTimeline,
  CalibrationTerms,
  operatorQualifiedFor,
  releaseStatusOf,
  revisionInForceFor,
  WorkSpan,
} from '@lotstream/domain';
import { documentOf, documentStreamId, revisionClaimOf, revisionClaimStreamId } from '@lotstream/documents';
import { equipmentStreamId } from '@lotstream/metrology';
import { personOf, personStreamId } from '@lotstream/personnel';
import { reject, Rejection } from '@lotstream/domain';
import { StreamView } from '@lotstream/recording';
import { siteStreamId } from './site-policy/site-policy.events';
import { sitePolicyOf } from './site-policy/site-policy.state';

/**
 * The command side of a site's policy: with `refuse`, a step by an operator not qualified (or not
 * trained on the revision used), a step under a revision not in force, or an inspection with a
 * gauge not in calibration is refused with 422 — judged at the fact's own times from the person's,
 * document's and equipment's streams (never from a read model that may lag), by the same rule the
 * read side answers with (libs/domain work-conditions and calibration). `record` stores the fact;
 * the read side flags it.
 */
export interface StepToCheck {
  operatorId: string;
  operation: string;
  workCenter: string;
  sopRevision: string;
  startedAt: string;
  completedAt: string;
}

const listed = (reasons: readonly string[]): string => (reasons.length ? `: ${reasons.join(', ')}` : '');

export async function stepRefusal(view: StreamView, siteId: string, step: StepToCheck): Promise<Rejection | undefined> {
  const policy = sitePolicyOf(await view.load(siteStreamId(siteId)));
  if (policy.operatorQualification !== 'refuse' && policy.documentEffectivity !== 'refuse') return undefined;
  const claim = revisionClaimOf(await view.load(revisionClaimStreamId(step.sopRevision)));
  const document = claim ? documentOf(await view.load(documentStreamId(claim.documentId))) : undefined;
  const work: WorkSpan = { ...step, revisionId: step.sopRevision };
  if (policy.operatorQualification === 'refuse') {
    const person = personOf(await view.load(personStreamId(step.operatorId)));
    const answer = operatorQualifiedFor(person.registered ? person.record : undefined, document?.record, work);
    if (answer.qualified !== true) {
      const reasons = answer.reasons.length ? answer.reasons : [person.registered ? 'revision-not-registered' : 'person-not-registered'];
      return reject(
        'rule',
        'operator-not-qualified',
        `Operator ${step.operatorId} was not qualified for ${step.operation} during the step${listed(reasons)}.`,
        'operatorId',
      );
    }
  }
  if (policy.documentEffectivity === 'refuse') {
    const answer = revisionInForceFor(document?.record, work);
    if (answer.inForce !== true) {
      const reasons = answer.reasons.length ? answer.reasons : ['revision-not-registered'];
      const inForce = answer.revisionInForce ? ` (in force: ${answer.revisionInForce})` : '';
      return reject(
        'rule',
        'document-not-in-force',
        `Revision ${step.sopRevision} was not in force during the step${inForce}${listed(reasons)}.`,
        'sopRevision',
      );
    }
  }
  return undefined;
}

export async function inspectionRefusal(
  view: StreamView,
  siteId: string,
  inspection: { gaugeId: string; inspectedAt: string },
): Promise<Rejection | undefined> {
  const policy = sitePolicyOf(await view.load(siteStreamId(siteId)));
  if (policy.equipmentCalibration !== 'refuse') return undefined;
  const stream = await view.load(equipmentStreamId(inspection.gaugeId));
  const calibrations: CalibrationTerms[] = stream.events.flatMap((event, index) =>
    event.type === 'CalibrationRecorded' ? [{ ...(event.data as Omit<CalibrationTerms, 'recorded'>), recorded: index + 1 }] : [],
  );
  const answer = calibrationAtUse(
    calibrationTimeline(calibrations, (c) => c),
    inspection.inspectedAt,
  );
  if (answer.inCalibration === true) return undefined;
  return reject(
    'rule',
    'equipment-not-in-calibration',
    `Gauge ${inspection.gaugeId} was not in calibration at ${inspection.inspectedAt}${listed(answer.reasons)}.`,
    'gaugeId',
  );
}

/**
 * With `releaseBeforeShipment: refuse`, a lot is shipped only with a release in force (422
 * `lot-not-released`); a correction or void after the release supersedes it. Read from the lot's own stream.
 */
export async function shipmentRefusal(
  view: StreamView,
  siteId: string,
  lotNumber: string,
  lotEvents: readonly { type: string; data: Record<string, unknown> }[],
): Promise<Rejection | undefined> {
  const policy = sitePolicyOf(await view.load(siteStreamId(siteId)));
  if (policy.releaseBeforeShipment !== 'refuse') return undefined;
  const release = releaseStatusOf(lotEvents);
  if (release.status === 'in-force') return undefined;
  if (release.status === 'superseded') {
    return reject(
      'rule',
      'lot-not-released',
      `Lot ${lotNumber}'s release ${release.releaseId} is superseded by ${release.supersededBy!.join(', ')}; it needs a new release before shipment (site ${siteId}).`,
    );
  }
  return reject('rule', 'lot-not-released', `Lot ${lotNumber} is not released; site ${siteId} refuses shipments before release.`);
}

/** With `signedDispositions: refuse`, a nonconformance disposition must carry a signature (422 `signature-required`). */
export async function dispositionRefusal(view: StreamView, siteId: string, signed: boolean): Promise<Rejection | undefined> {
  if (signed) return undefined;
  const policy = sitePolicyOf(await view.load(siteStreamId(siteId)));
  if (policy.signedDispositions !== 'refuse') return undefined;
  return reject('rule', 'signature-required', `Site ${siteId} requires a signature on nonconformance dispositions.`, 'signature');
}
