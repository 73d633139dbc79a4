import { childrenNamed, textAt, XmlElement } from '../xml/secure-xml';
import type { MappedCommand, MappedNoun, SenderMapping } from './b2mml-mapping';
import { incompleteNoun } from './incomplete-noun';
import { Errors, onceEachProducedLot, segmentResponse, StepElements } from './performance-mapping';

/**
 * JobResponse and WorkPerformance, checked against MESAInternational/B2MML-BatchML
 * Schema/B2MML-V0600-WorkPerformance.xsd (V0600): WorkPerformanceType (ID, WorkResponse*),
 * WorkResponseType (ID, JobResponse*), JobResponseType (ID, JobOrderID, WorkDirectiveID, StartTime,
 * EndTime, JobState, JobResponsetData — so spelled in that schema, OpSegmentDataType —,
 * PersonnelActual, EquipmentActual, MaterialActual, nested JobResponse*). The actuals are the
 * OperationsPerformance types (B2MML-V0600-OperationsPerformanceTypes.xsd), mapped as for a SegmentResponse.
 *
 * A JobResponse is one production lot's work: its nested JobResponses are its steps (a JobResponse
 * without nested ones is itself the one step). The lot is the top JobResponse/ID when the sender's
 * productionLot is `JobResponse/ID`, or the step's Produced MaterialActual when it is
 * `ProducedMaterialLot`; a sender whose productionLot is `ProductionResponse/ID` cannot send JobResponses.
 * Step: ID → stepId, WorkDirectiveID → operation, StartTime/EndTime → startedAt/completedAt (with an
 * offset), data items (JobResponsetData or JobResponseData) with the same IDs as SegmentData.
 */
const jobElements = (topPath: string): StepElements => ({ operation: 'WorkDirectiveID', start: 'StartTime', end: 'EndTime', lotField: () => `${topPath}/ID` });

function job(element: XmlElement, sender: SenderMapping, path: string, errors: Errors): MappedCommand[] {
  if (sender.productionLot === 'ProductionResponse/ID') {
    errors.push({
      field: `${path}/ID`,
      message: `${path} cannot be mapped: the sender's productionLot is ProductionResponse/ID (configure JobResponse/ID or ProducedMaterialLot)`,
    });
    return [];
  }
  const lotId = textAt(element, 'ID');
  const steps = (parent: XmlElement, parentPath: string): Array<{ step: XmlElement; at: string }> => {
    const children = childrenNamed(parent, 'JobResponse');
    if (children.length === 0) return [{ step: parent, at: parentPath }];
    return children.flatMap((c, index) => steps(c, `${parentPath}/JobResponse[${index + 1}]`));
  };
  return steps(element, path).flatMap(({ step, at }) => segmentResponse(step, lotId, sender, at, errors, jobElements(path)));
}

/** JobResponse (SyncJobResponse) or WorkPerformance (SyncWorkPerformance → WorkResponse → JobResponse): all steps, or a refusal naming every missing path. */
export function mapJobResponses(noun: string, element: XmlElement, position: number, sender: SenderMapping): MappedNoun {
  const errors: Errors = [];
  let commands: MappedCommand[];
  if (noun === 'JobResponse') {
    commands = job(element, sender, 'JobResponse', errors);
  } else {
    const jobs = childrenNamed(element, 'WorkResponse').flatMap((response, r) =>
      childrenNamed(response, 'JobResponse').map((j, index) => ({ j, at: `WorkPerformance/WorkResponse[${r + 1}]/JobResponse[${index + 1}]` })),
    );
    if (jobs.length === 0) errors.push({ field: 'WorkPerformance/WorkResponse/JobResponse', message: 'WorkPerformance/WorkResponse/JobResponse is required' });
    commands = jobs.flatMap(({ j, at }) => job(j, sender, at, errors));
  }
  const id = textAt(element, 'ID');
  const once = onceEachProducedLot(commands, errors);
  if (errors.length > 0) return incompleteNoun(noun, position, id, errors);
  return { position, noun, id, commands: once };
}
