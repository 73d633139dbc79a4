import type { CommandDefinition } from '@lotstream/recording';
import { HOLD_LOT } from './lot/hold-lot/hold-lot.command';
import { RELEASE_HOLD } from './lot/release-hold/release-hold.command';
import { CONSUME_MATERIAL } from './lot/consume-material/consume-material.command';
import { RECORD_PRODUCTION_STEP } from './lot/record-production-step/record-production-step.command';
import { REGISTER_LOT } from './lot/register-lot/register-lot.command';
import { SHIP_LOT } from './lot/ship-lot/ship-lot.command';
import { SPLIT_LOT } from './lot/split-lot/split-lot.command';

/** Production write commands, registered in the catalog for POST /v1/batch, the Kafka MES intake and the route policy. */
export const productionCommands: CommandDefinition[] = [REGISTER_LOT, CONSUME_MATERIAL, SPLIT_LOT, RECORD_PRODUCTION_STEP, SHIP_LOT, HOLD_LOT, RELEASE_HOLD];
