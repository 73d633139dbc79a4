import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadPerson } from '../person-handler';
import { decideGrantQualification } from './grant-qualification';
import type { GrantQualificationDto } from './grant-qualification.dto';

export class GrantQualificationCommand extends RecordingCommand<GrantQualificationDto> {}

@CommandHandler(GrantQualificationCommand)
export class GrantQualificationHandler implements ICommandHandler<GrantQualificationCommand, Plan> {
  async execute({ payload, view, actor, now }: GrantQualificationCommand): Promise<Plan> {
    const person = await loadPerson(view, payload.personId, actor);
    if (isRejection(person)) return person;
    const decision = decideGrantQualification(payload, person.state);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(person.stream, person.siteId, decision, now)] };
  }
}
