import { ADMIN_ROLES } from '@lotstream/access';
import { defineCommand } from '@lotstream/recording';
import { senderStreamId } from '../b2mml-sender.events';
import { ConfigureB2mmlSenderBody, ConfigureB2mmlSenderDto } from './configure-b2mml-sender.dto';
import { ConfigureB2mmlSenderCommand } from './configure-b2mml-sender.handler';

export const CONFIGURE_B2MML_SENDER = defineCommand({
  type: 'ConfigureB2mmlSender',
  payload: ConfigureB2mmlSenderDto,
  body: ConfigureB2mmlSenderBody,
  command: ConfigureB2mmlSenderCommand,
  roles: ADMIN_ROLES,
  route: { method: 'PUT', path: '/v1/integrations/b2mml/senders/{logicalId}', params: [{ name: 'logicalId', example: 'MES-1' }] },
  api: {
    summary: 'Configure how the BODs of one B2MML sender map onto Lotstream',
    description:
      "logicalId is the BOD's ApplicationArea/Sender/LogicalID; `default` maps BODs without a configured sender. Each change is a B2mmlSenderConfigured event on the sender stream, so the mapping in force at any moment can be replayed.",
    event: 'B2mmlSenderConfigured',
    example: { siteId: 'SITE-A', defaults: { partRevision: 'C', unit: 'pcs' }, productionLot: 'ProductionResponse/ID' },
  },
  streamOf: (p) => senderStreamId(p.logicalId),
});
