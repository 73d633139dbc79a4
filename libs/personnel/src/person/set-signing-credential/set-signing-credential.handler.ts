import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { KEYLESS_ACTOR } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { enrolmentTokenHash, hashPassword } from '../../signing/password-hash';
import { checkEnrolmentToken, decideSetSigningCredential, enrolmentTokenRejected } from '../../signing/signing';
import { loadPerson } from '../person-handler';
import type { SetSigningCredentialDto } from './set-signing-credential.dto';

export class SetSigningCredentialCommand extends RecordingCommand<SetSigningCredentialDto> {}

@CommandHandler(SetSigningCredentialCommand)
export class SetSigningCredentialHandler implements ICommandHandler<SetSigningCredentialCommand, Plan> {
  async execute({ payload, view, actor, now }: SetSigningCredentialCommand): Promise<Plan> {
    const person = await loadPerson(view, payload.personId, actor);
    // Without an API key, an unknown person answers like a wrong token: no caller learns who exists.
    if (isRejection(person)) return actor.keyId === KEYLESS_ACTOR.keyId ? enrolmentTokenRejected() : person;
    const presented = { tokenHash: enrolmentTokenHash(payload.enrolmentToken), passwordLength: [...payload.password].length };
    // Hash only once the token is known to be good: a wrong token costs no 32 MiB scrypt run.
    const refused = checkEnrolmentToken(person.state, presented.tokenHash, now);
    if (refused) return refused;
    const decision = decideSetSigningCredential(person.state, presented, await hashPassword(payload.password), now);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(person.stream, person.siteId, decision, now)] };
  }
}
