import { PROTOTYPE_WRITERS } from '@lotstream/access';
import { equipmentStreamId } from '@lotstream/metrology';
import { lotStreamId } from '@lotstream/production';
import type { CommandDefinition } from '@lotstream/recording';
import { CompletePrototypeBuildDto } from './build/complete-prototype-build/complete-prototype-build.dto';
import { CompletePrototypeBuildCommand } from './build/complete-prototype-build/complete-prototype-build.handler';
import { PromotePrototypeDto } from './build/promote-prototype/promote-prototype.dto';
import { PromotePrototypeCommand } from './build/promote-prototype/promote-prototype.handler';
import { prototypeStreamId } from './build/prototype.events';
import { RecordPrototypeInspectionDto } from './build/record-prototype-inspection/record-prototype-inspection.dto';
import { RecordPrototypeInspectionCommand } from './build/record-prototype-inspection/record-prototype-inspection.handler';
import { RecordPrototypeNoteDto } from './build/record-prototype-note/record-prototype-note.dto';
import { RecordPrototypeNoteCommand } from './build/record-prototype-note/record-prototype-note.handler';
import { RecordPrototypeStepDto } from './build/record-prototype-step/record-prototype-step.dto';
import { RecordPrototypeStepCommand } from './build/record-prototype-step/record-prototype-step.handler';
import { StartPrototypeBuildDto } from './build/start-prototype-build/start-prototype-build.dto';
import { StartPrototypeBuildCommand } from './build/start-prototype-build/start-prototype-build.handler';

const onBuild = (p: { buildId: string }): string => prototypeStreamId(p.buildId);

/** Prototype write commands by type, for POST /v1/batch and the Kafka MES intake. */
export const prototypingCommands: CommandDefinition[] = [
  {
    type: 'StartPrototypeBuild',
    payload: StartPrototypeBuildDto,
    command: StartPrototypeBuildCommand,
    roles: PROTOTYPE_WRITERS,
    streamOf: onBuild,
    reads: (p: StartPrototypeBuildDto) => [lotStreamId(p.buildId)],
  },
  { type: 'RecordPrototypeStep', payload: RecordPrototypeStepDto, command: RecordPrototypeStepCommand, roles: PROTOTYPE_WRITERS, streamOf: onBuild },
  {
    type: 'RecordPrototypeInspection',
    payload: RecordPrototypeInspectionDto,
    command: RecordPrototypeInspectionCommand,
    roles: PROTOTYPE_WRITERS,
    streamOf: onBuild,
    reads: (p: RecordPrototypeInspectionDto) => [equipmentStreamId(p.gaugeId)],
  },
  { type: 'RecordPrototypeNote', payload: RecordPrototypeNoteDto, command: RecordPrototypeNoteCommand, roles: PROTOTYPE_WRITERS, streamOf: onBuild },
  { type: 'CompletePrototypeBuild', payload: CompletePrototypeBuildDto, command: CompletePrototypeBuildCommand, roles: PROTOTYPE_WRITERS, streamOf: onBuild },
  { type: 'PromotePrototype', payload: PromotePrototypeDto, command: PromotePrototypeCommand, roles: PROTOTYPE_WRITERS, streamOf: onBuild },
];
