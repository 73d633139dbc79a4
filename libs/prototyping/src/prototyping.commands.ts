import type { CommandDefinition } from '@lotstream/recording';
import { COMPLETE_PROTOTYPE_BUILD } from './build/complete-prototype-build/complete-prototype-build.command';
import { PROMOTE_PROTOTYPE } from './build/promote-prototype/promote-prototype.command';
import { RECORD_PROTOTYPE_INSPECTION } from './build/record-prototype-inspection/record-prototype-inspection.command';
import { RECORD_PROTOTYPE_NOTE } from './build/record-prototype-note/record-prototype-note.command';
import { RECORD_PROTOTYPE_STEP } from './build/record-prototype-step/record-prototype-step.command';
import { START_PROTOTYPE_BUILD } from './build/start-prototype-build/start-prototype-build.command';

/** Prototype write commands, registered in the catalog for POST /v1/batch, the Kafka MES intake and the route policy. */
export const prototypingCommands: CommandDefinition[] = [
  START_PROTOTYPE_BUILD,
  RECORD_PROTOTYPE_STEP,
  RECORD_PROTOTYPE_INSPECTION,
  RECORD_PROTOTYPE_NOTE,
  COMPLETE_PROTOTYPE_BUILD,
  PROMOTE_PROTOTYPE,
];
