import type { CommandDefinition } from '@lotstream/recording';
import { CONFIGURE_B2MML_SENDER } from './senders/configure-b2mml-sender/configure-b2mml-sender.command';

/** B2MML write commands (admin only), registered in the catalog and the route policy. */
export const b2mmlCommands: CommandDefinition[] = [CONFIGURE_B2MML_SENDER];
