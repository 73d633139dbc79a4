import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, ActorOrKeyless, CurrentActor } from '@lotstream/access';
import { KeyOptional } from '@lotstream/platform';
import { CommandRoute, CommandWriter, IdentifierPipe, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { ENROL_SIGNER } from './person/enrol-signer/enrol-signer.command';
import { EnrolSignerBody } from './person/enrol-signer/enrol-signer.dto';
import { SET_SIGNING_CREDENTIAL } from './person/set-signing-credential/set-signing-credential.command';
import { SetSigningCredentialBody } from './person/set-signing-credential/set-signing-credential.dto';
import { GRANT_QUALIFICATION } from './person/grant-qualification/grant-qualification.command';
import { GrantQualificationBody } from './person/grant-qualification/grant-qualification.dto';
import { RECORD_TRAINING } from './person/record-training/record-training.command';
import { RecordTrainingBody } from './person/record-training/record-training.dto';
import { REGISTER_PERSON } from './person/register-person/register-person.command';
import { RegisterPersonDto } from './person/register-person/register-person.dto';
import { REVOKE_QUALIFICATION } from './person/revoke-qualification/revoke-qualification.command';
import { RevokeQualificationBody } from './person/revoke-qualification/revoke-qualification.dto';

/** Personnel writes: people, their qualifications and trainings (routes from the command definitions). */
@ApiTags('personnel')
@Controller()
export class PersonnelController {
  constructor(private readonly writer: CommandWriter) {}

  @CommandRoute(REGISTER_PERSON)
  register(@Body() body: RegisterPersonDto, @CurrentActor() actor: Actor, @Write() headers: WriteHeaders): Promise<WriteResponse> {
    return this.writer.write(REGISTER_PERSON, body, actor, headers);
  }

  @CommandRoute(GRANT_QUALIFICATION)
  grant(
    @Param('personId', IdentifierPipe) personId: string,
    @Body() body: GrantQualificationBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(GRANT_QUALIFICATION, { ...body, personId }, actor, headers);
  }

  @CommandRoute(REVOKE_QUALIFICATION)
  revoke(
    @Param('personId', IdentifierPipe) personId: string,
    @Param('qualificationId', IdentifierPipe) qualificationId: string,
    @Body() body: RevokeQualificationBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(REVOKE_QUALIFICATION, { ...body, personId, qualificationId }, actor, headers);
  }

  @CommandRoute(RECORD_TRAINING)
  train(
    @Param('personId', IdentifierPipe) personId: string,
    @Body() body: RecordTrainingBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(RECORD_TRAINING, { ...body, personId }, actor, headers);
  }

  @CommandRoute(ENROL_SIGNER)
  enrolSigner(
    @Param('personId', IdentifierPipe) personId: string,
    @Body() body: EnrolSignerBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(ENROL_SIGNER, { ...body, personId }, actor, headers);
  }

  // The enrolment token is this call's credential (issue 17): any API key of the person's site, or none.
  @CommandRoute(SET_SIGNING_CREDENTIAL)
  @KeyOptional()
  setSigningCredential(
    @Param('personId', IdentifierPipe) personId: string,
    @Body() body: SetSigningCredentialBody,
    @ActorOrKeyless() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(SET_SIGNING_CREDENTIAL, { ...body, personId }, actor, headers);
  }
}
