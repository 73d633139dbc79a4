import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '@lotstream/platform';
import { KafkaConnection, KafkaSettings } from './kafka-connection';

export const KAFKA_CONNECTION = Symbol('KAFKA_CONNECTION');

@Injectable()
export class KafkaLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Kafka');

  constructor(
    @Inject(KAFKA_CONNECTION) private readonly connection: KafkaConnection,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.health.register({ name: 'kafka', check: () => this.connection.check() });
    // Topics exist before any relay, projector or intake starts (they run at application bootstrap).
    const created = await this.connection.ensureTopics();
    if (created.length > 0) this.logger.log(`created topics ${created.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * Kafka for one app: a shared connection (admin for topics and readiness), the topics created at
 * start when missing, and `kafka` in /health/ready. Import once, where KAFKA_BROKERS is set.
 */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(settings: KafkaSettings): DynamicModule {
    return {
      module: KafkaModule,
      providers: [{ provide: KAFKA_CONNECTION, useFactory: () => new KafkaConnection(settings) }, KafkaLifecycle],
      exports: [KAFKA_CONNECTION],
    };
  }
}
