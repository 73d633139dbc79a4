import { Injectable } from '@nestjs/common';
import type { Actor } from '@lotstream/access';
import { Problem, ProblemError } from '@lotstream/platform';
import type { CommandDefinition } from '../write-model';
import { CommandRunner } from '../command-runner';
import type { WriteHeaders } from './write-headers';

/** The write response of every command route. */
export interface WriteResponse {
  streamId: string;
  streamVersion: number;
  eventIds: string[];
  position: string;
}

/** Runs a command for an HTTP route: 201 with the write response, or the problem as an error. */
@Injectable()
export class CommandWriter {
  constructor(private readonly runner: CommandRunner) {}

  async write(definition: CommandDefinition, payload: object, actor: Actor, headers: WriteHeaders): Promise<WriteResponse> {
    const result = await this.runner.run(definition.type, payload, { actor, ...headers });
    if (result.status !== 201) throw new ProblemError(result.body as Problem);
    return result.body as unknown as WriteResponse;
  }
}
