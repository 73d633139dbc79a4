import type { CommandDefinition } from '@lotstream/recording';
import { ENROL_SIGNER } from './person/enrol-signer/enrol-signer.command';
import { SET_SIGNING_CREDENTIAL } from './person/set-signing-credential/set-signing-credential.command';
import { GRANT_QUALIFICATION } from './person/grant-qualification/grant-qualification.command';
import { RECORD_TRAINING } from './person/record-training/record-training.command';
import { REGISTER_PERSON } from './person/register-person/register-person.command';
import { REVOKE_QUALIFICATION } from './person/revoke-qualification/revoke-qualification.command';

/** Personnel write commands, registered in the catalog for POST /v1/batch, the Kafka MES intake and the route policy. */
export const personnelCommands: CommandDefinition[] = [
  REGISTER_PERSON,
  GRANT_QUALIFICATION,
  REVOKE_QUALIFICATION,
  RECORD_TRAINING,
  ENROL_SIGNER,
  SET_SIGNING_CREDENTIAL,
];
