import { GaugeFacts, gaugeRuleBroken, inspectionData, limitsRuleBroken, RecordInspectionFields } from '@lotstream/quality/domain';
import { Decision, reject } from '@lotstream/domain';
import type { PrototypeInspectionRecorded } from '../prototype.events';
import type { PrototypeState } from '../prototype.state';
import { closedBuild } from '../prototype.state';

/** An inspection of a prototype: judged like a lot's, kept out of production statistics. */
export interface RecordPrototypeInspection extends RecordInspectionFields {
  buildId: string;
}

export function decideRecordPrototypeInspection(
  command: RecordPrototypeInspection,
  { build, gauge }: { build: PrototypeState; gauge: GaugeFacts },
): Decision<PrototypeInspectionRecorded> {
  if (!build.started) return reject('not-found', 'build-not-found', `Prototype build ${command.buildId} was not found.`);
  if (build.inspectionIds.has(command.inspectionId)) {
    return reject(
      'conflict',
      'inspection-already-recorded',
      `Inspection ${command.inspectionId} is already recorded on build ${command.buildId}.`,
      'inspectionId',
    );
  }
  const refused = closedBuild(command.buildId, build) ?? limitsRuleBroken(command.characteristic) ?? gaugeRuleBroken(command.gaugeId, gauge);
  if (refused) return refused;
  return [{ type: 'PrototypeInspectionRecorded', data: inspectionData(command) }];
}
