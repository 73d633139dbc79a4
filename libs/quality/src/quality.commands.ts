import { RELEASE_LOT } from './release/release-lot/release-lot.command';
import { CORRECT_EVENT } from './correction/correct-event/correct-event.command';
import { VOID_EVENT } from './correction/void-event/void-event.command';
import type { CommandDefinition } from '@lotstream/recording';
import { APPROVE_FIRST_ARTICLE } from './first-article/approve-first-article/approve-first-article.command';
import { RECORD_INSPECTION } from './inspection/record-inspection/record-inspection.command';
import { DISPOSITION_NONCONFORMANCE } from './nonconformance/disposition-nonconformance/disposition-nonconformance.command';
import { RAISE_NONCONFORMANCE } from './nonconformance/raise-nonconformance/raise-nonconformance.command';

/** Quality write commands, registered in the catalog for POST /v1/batch, the Kafka MES intake and the route policy. */
export const qualityCommands: CommandDefinition[] = [
  RECORD_INSPECTION,
  RAISE_NONCONFORMANCE,
  DISPOSITION_NONCONFORMANCE,
  RELEASE_LOT,
  APPROVE_FIRST_ARTICLE,
  CORRECT_EVENT,
  VOID_EVENT,
];
