import type { CommandDefinition } from '@lotstream/recording';
import { SET_SITE_POLICY } from './site-policy/set-site-policy/set-site-policy.command';

/** Site write commands (admin only), registered in the catalog and the route policy. */
export const siteCommands: CommandDefinition[] = [SET_SITE_POLICY];
