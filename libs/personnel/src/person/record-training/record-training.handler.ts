import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { appendTo, isRejection, Plan, RecordingCommand } from '@lotstream/recording';
import { loadPerson } from '../person-handler';
import { decideRecordTraining } from './record-training';
import type { RecordTrainingDto } from './record-training.dto';

export class RecordTrainingCommand extends RecordingCommand<RecordTrainingDto> {}

@CommandHandler(RecordTrainingCommand)
export class RecordTrainingHandler implements ICommandHandler<RecordTrainingCommand, Plan> {
  async execute({ payload, view, actor }: RecordTrainingCommand): Promise<Plan> {
    const person = await loadPerson(view, payload.personId, actor);
    if (isRejection(person)) return person;
    const decision = decideRecordTraining(payload, person.state);
    if (isRejection(decision)) return decision;
    return { appends: [appendTo(person.stream, person.siteId, decision, payload.completedAt)] };
  }
}
