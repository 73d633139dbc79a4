import { Controller, Get, Inject, Module } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CONFIG, LotstreamConfig, Public } from '@lotstream/platform';
import { buildAsyncApiDocument } from './asyncapi';

@ApiTags('operations')
@Controller('docs')
@Public()
export class AsyncApiController {
  private readonly document: Record<string, unknown>;

  constructor(@Inject(CONFIG) config: LotstreamConfig) {
    this.document = buildAsyncApiDocument(config.kafkaTopicPrefix, config.kafkaBrokers ?? []);
  }

  @Get('asyncapi.json')
  @ApiOkResponse({ description: 'AsyncAPI 3.0 document of the Kafka topics and messages (with this deployment topic prefix).' })
  asyncApi(): Record<string, unknown> {
    return this.document;
  }
}

/** GET /docs/asyncapi.json, with or without Kafka configured (the contract is the same). */
@Module({ controllers: [AsyncApiController] })
export class AsyncApiModule {}
