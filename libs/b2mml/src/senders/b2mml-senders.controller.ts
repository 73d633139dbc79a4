import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@lotstream/access';
import { CommandRoute, CommandWriter, IdentifierPipe, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { CONFIGURE_B2MML_SENDER } from './configure-b2mml-sender/configure-b2mml-sender.command';
import { ConfigureB2mmlSenderBody } from './configure-b2mml-sender/configure-b2mml-sender.dto';

@ApiTags('b2mml')
@Controller()
export class B2mmlSendersController {
  constructor(private readonly writer: CommandWriter) {}

  @CommandRoute(CONFIGURE_B2MML_SENDER)
  configure(
    @Param('logicalId', IdentifierPipe) logicalId: string,
    @Body() body: ConfigureB2mmlSenderBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(CONFIGURE_B2MML_SENDER, { ...body, logicalId }, actor, headers);
  }
}
