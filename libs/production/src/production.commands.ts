import { PRODUCTION_WRITERS } from '@lotstream/access';
import type { CommandDefinition } from '@lotstream/recording';
import { ConsumeMaterialDto } from './lot/consume-material/consume-material.dto';
import { ConsumeMaterialCommand } from './lot/consume-material/consume-material.handler';
import { lotStreamId } from './lot/lot.events';
import { prototypeStreamOf } from './lot/lot.state';
import { RecordProductionStepDto } from './lot/record-production-step/record-production-step.dto';
import { RecordProductionStepCommand } from './lot/record-production-step/record-production-step.handler';
import { RegisterLotDto } from './lot/register-lot/register-lot.dto';
import { RegisterLotCommand } from './lot/register-lot/register-lot.handler';
import { ShipLotDto } from './lot/ship-lot/ship-lot.dto';
import { ShipLotCommand } from './lot/ship-lot/ship-lot.handler';
import { SplitLotDto } from './lot/split-lot/split-lot.dto';
import { SplitLotCommand } from './lot/split-lot/split-lot.handler';

/** Production write commands by type, for POST /v1/batch and the Kafka MES intake. */
export const productionCommands: CommandDefinition[] = [
  {
    type: 'RegisterLot',
    payload: RegisterLotDto,
    command: RegisterLotCommand,
    roles: PRODUCTION_WRITERS,
    streamOf: (p: RegisterLotDto) => lotStreamId(p.lotNumber),
    reads: (p: RegisterLotDto) => [prototypeStreamOf(p.lotNumber)],
  },
  {
    type: 'ConsumeMaterial',
    payload: ConsumeMaterialDto,
    command: ConsumeMaterialCommand,
    roles: PRODUCTION_WRITERS,
    streamOf: (p: ConsumeMaterialDto) => lotStreamId(p.lotNumber),
    reads: (p: ConsumeMaterialDto) => [lotStreamId(p.inputLotNumber)],
  },
  {
    type: 'SplitLot',
    payload: SplitLotDto,
    command: SplitLotCommand,
    roles: PRODUCTION_WRITERS,
    streamOf: (p: SplitLotDto) => lotStreamId(p.lotNumber),
    reads: (p: SplitLotDto) => [lotStreamId(p.childLotNumber), prototypeStreamOf(p.childLotNumber)],
  },
  {
    type: 'RecordProductionStep',
    payload: RecordProductionStepDto,
    command: RecordProductionStepCommand,
    roles: PRODUCTION_WRITERS,
    streamOf: (p: RecordProductionStepDto) => lotStreamId(p.lotNumber),
  },
  {
    type: 'ShipLot',
    payload: ShipLotDto,
    command: ShipLotCommand,
    roles: PRODUCTION_WRITERS,
    streamOf: (p: ShipLotDto) => lotStreamId(p.lotNumber),
  },
];
