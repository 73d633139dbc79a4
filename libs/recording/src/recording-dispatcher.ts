import { Injectable } from '@nestjs/common';
import { problem } from '@lotstream/platform';
import type { CommandContext, CommandDispatcher, CommandResult } from './command-dispatch';
import { CommandCatalog } from './command-catalog';
import { admit, isAdmitted, isValidIdempotencyKey } from './admission';
import { CommandRunner } from './command-runner';
import { failed } from './outcomes';

/**
 * The dispatcher the Kafka MES intake (and anything else holding a raw command) calls: the payload
 * is checked exactly like the HTTP body of the same command, the role like the route's, then the
 * command runs through the same pipeline.
 */
@Injectable()
export class RecordingDispatcher implements CommandDispatcher {
  constructor(
    private readonly catalog: CommandCatalog,
    private readonly runner: CommandRunner,
  ) {}

  async dispatch(type: string, payload: unknown, context: CommandContext): Promise<CommandResult> {
    if (context.idempotencyKey !== undefined && !isValidIdempotencyKey(context.idempotencyKey)) {
      return failed(
        problem(400, 'validation', 'The command has 1 invalid field(s).', {
          errors: [{ field: 'idempotencyKey', message: 'idempotencyKey must be 1 to 200 printable ASCII characters' }],
        }),
      );
    }
    const admission = await admit(this.catalog, type, payload, context.actor);
    if (!isAdmitted(admission)) return admission;
    return this.runner.run(admission.definition.type, admission.payload, context);
  }
}
