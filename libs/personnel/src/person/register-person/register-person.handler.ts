import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertSiteWritable } from '@lotstream/access';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { personStreamId } from '../person.events';
import { personOf } from '../person.state';
import { decideRegisterPerson } from './register-person';
import type { RegisterPersonDto } from './register-person.dto';

export class RegisterPersonCommand extends RecordingCommand<RegisterPersonDto> {}

@CommandHandler(RegisterPersonCommand)
export class RegisterPersonHandler implements ICommandHandler<RegisterPersonCommand, Plan> {
  async execute({ payload, view, actor, now }: RegisterPersonCommand): Promise<Plan> {
    assertSiteWritable(actor, payload.siteId);
    const stream = await view.load(personStreamId(payload.personId));
    const decision = decideRegisterPerson(payload, personOf(stream));
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(stream, payload.siteId, decision, payload.occurredAt ?? now)] };
  }
}
