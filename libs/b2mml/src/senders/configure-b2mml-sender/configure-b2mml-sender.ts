import type { Decision } from '@lotstream/domain';
import type { B2mmlSenderConfigured, B2mmlSenderMapping } from '../b2mml-sender.events';

/** Configure how BODs of one sender map onto Lotstream (replaces the mapping from now on). */
export type ConfigureB2mmlSender = B2mmlSenderMapping;

export function decideConfigureB2mmlSender(command: ConfigureB2mmlSender): Decision<B2mmlSenderConfigured> {
  const defaults: B2mmlSenderMapping['defaults'] = {
    ...(command.defaults?.partRevision !== undefined ? { partRevision: command.defaults.partRevision } : {}),
    ...(command.defaults?.unit !== undefined ? { unit: command.defaults.unit } : {}),
  };
  return [{ type: 'B2mmlSenderConfigured', data: { logicalId: command.logicalId, siteId: command.siteId, defaults, productionLot: command.productionLot } }];
}
