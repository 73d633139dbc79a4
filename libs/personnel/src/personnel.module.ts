import { Module } from '@nestjs/common';
import { CommandCatalog, RecordingModule } from '@lotstream/recording';
import { GrantQualificationHandler } from './person/grant-qualification/grant-qualification.handler';
import { RecordTrainingHandler } from './person/record-training/record-training.handler';
import { RegisterPersonHandler } from './person/register-person/register-person.handler';
import { RevokeQualificationHandler } from './person/revoke-qualification/revoke-qualification.handler';
import { personnelCommands } from './personnel.commands';
import { PersonnelController } from './personnel.controller';

const commandHandlers = [RegisterPersonHandler, GrantQualificationHandler, RevokeQualificationHandler, RecordTrainingHandler];

/** Personnel writes: people, qualifications, trainings. */
@Module({
  imports: [RecordingModule],
  controllers: [PersonnelController],
  providers: [...commandHandlers],
})
export class PersonnelModule {
  constructor(catalog: CommandCatalog) {
    catalog.register(personnelCommands);
  }
}
