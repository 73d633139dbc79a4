import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadPerson } from '../person-handler';
import { decideRevokeQualification } from './revoke-qualification';
import type { RevokeQualificationDto } from './revoke-qualification.dto';

export class RevokeQualificationCommand extends RecordingCommand<RevokeQualificationDto> {}

@CommandHandler(RevokeQualificationCommand)
export class RevokeQualificationHandler implements ICommandHandler<RevokeQualificationCommand, Plan> {
  async execute({ payload, view, actor, now }: RevokeQualificationCommand): Promise<Plan> {
    const person = await loadPerson(view, payload.personId, actor);
    if (isRejection(person)) return person;
    const decision = decideRevokeQualification(payload, person.state);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(person.stream, person.siteId, decision, now)] };
  }
}
