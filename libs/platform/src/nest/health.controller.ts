import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { registry } from '../metrics';
import { Public } from './public.decorator';
import { HealthRegistry } from './health.registry';

@ApiTags('operations')
@Controller()
@Public()
export class HealthController {
  constructor(private readonly health: HealthRegistry) {}

  @Get('health')
  @ApiOkResponse({ description: 'The process is alive.', schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @ApiOkResponse({ description: 'Database, Kafka and read-model lag; `degraded` (still 200) when serving but behind; 503 when not ready.' })
  async ready(@Res() response: Response): Promise<void> {
    const result = await this.health.run();
    const status = !result.ok ? 'unavailable' : result.degraded ? 'degraded' : 'ok';
    response.status(result.ok ? 200 : 503).json({ status, ...result.checks });
  }

  @Get('metrics')
  @HttpCode(200)
  @Header('Content-Type', registry.contentType)
  @ApiExcludeEndpoint()
  async metrics(): Promise<string> {
    return registry.metrics();
  }
}
