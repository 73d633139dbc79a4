import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { newEnrolmentToken } from '../../signing/password-hash';
import { decideEnrolSigner } from '../../signing/signing';
import { loadPerson } from '../person-handler';
import type { EnrolSignerDto } from './enrol-signer.dto';

export class EnrolSignerCommand extends RecordingCommand<EnrolSignerDto> {}

/** Opens a signing enrolment; the token goes back in this answer only (Plan.reply), its hash into the stream. */
@CommandHandler(EnrolSignerCommand)
export class EnrolSignerHandler implements ICommandHandler<EnrolSignerCommand, Plan> {
  async execute({ payload, view, actor, now }: EnrolSignerCommand): Promise<Plan> {
    const person = await loadPerson(view, payload.personId, actor);
    if (isRejection(person)) return person;
    const { token, tokenHash } = newEnrolmentToken();
    const decision = decideEnrolSigner(person.state, tokenHash, now, payload.note);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(person.stream, person.siteId, decision, now)], reply: { enrolmentToken: token, expiresAt: decision[0].data.expiresAt } };
  }
}
