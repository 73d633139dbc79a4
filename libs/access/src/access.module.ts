import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { AccessService } from './api-keys/access.service';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { RouteCatalog } from './route-catalog';

const controllers = [ApiKeysController];
const providers = [AccessService, RouteCatalog, { provide: APP_GUARD, useClass: AccessGuard }];

/**
 * API keys, the global guard and the route catalog. Global, so the Kafka intake and any handler can
 * inject AccessService without importing this module.
 */
@Global()
@Module({ imports: [DiscoveryModule], controllers, providers, exports: [AccessService, RouteCatalog] })
export class AccessModule {}
