import { Module } from '@nestjs/common';
import { CommandCatalog, RecordingModule } from '@lotstream/recording';
import { EnrolSignerHandler } from './person/enrol-signer/enrol-signer.handler';
import { SetSigningCredentialHandler } from './person/set-signing-credential/set-signing-credential.handler';
import { SignatureVerifier } from './signing/signature-verifier';
import { GrantQualificationHandler } from './person/grant-qualification/grant-qualification.handler';
import { RecordTrainingHandler } from './person/record-training/record-training.handler';
import { RegisterPersonHandler } from './person/register-person/register-person.handler';
import { RevokeQualificationHandler } from './person/revoke-qualification/revoke-qualification.handler';
import { personnelCommands } from './personnel.commands';
import { PersonnelController } from './personnel.controller';

const commandHandlers = [
  RegisterPersonHandler,
  GrantQualificationHandler,
  RevokeQualificationHandler,
  RecordTrainingHandler,
  EnrolSignerHandler,
  SetSigningCredentialHandler,
];

/** Personnel writes: people, qualifications, trainings. */
@Module({
  imports: [RecordingModule],
  controllers: [PersonnelController],
  providers: [...commandHandlers, SignatureVerifier],
  exports: [SignatureVerifier],
})
export class PersonnelModule {
  constructor(catalog: CommandCatalog) {
    catalog.register(personnelCommands);
  }
}
