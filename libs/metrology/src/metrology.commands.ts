import type { CommandDefinition } from '@lotstream/recording';
import { RECORD_CALIBRATION } from './equipment/record-calibration/record-calibration.command';
import { RECORD_MSA_STUDY } from './equipment/record-msa-study/record-msa-study.command';
import { REGISTER_EQUIPMENT } from './equipment/register-equipment/register-equipment.command';

/** Metrology write commands, registered in the catalog for POST /v1/batch, the Kafka MES intake and the route policy. */
export const metrologyCommands: CommandDefinition[] = [REGISTER_EQUIPMENT, RECORD_CALIBRATION, RECORD_MSA_STUDY];
