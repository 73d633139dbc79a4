import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Pool } from 'pg';
import type { EventStore } from '@lotstream/event-store';
import { EVENT_STORE, HealthRegistry, PG_POOL } from '@lotstream/platform';
import { KAFKA_CONNECTION } from '../kafka/kafka.module';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { Relay } from './relay';

export const RELAY = Symbol('RELAY');

@Injectable()
export class RelayLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(RELAY) private readonly relay: Relay,
    private readonly health: HealthRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.health.register({
      name: 'relay',
      // A standby relay (another instance holds the lock) is healthy too.
      check: async () => {
        const lagEvents = await this.relay.lag();
        const failure = lagEvents > 0 ? this.relay.failure : undefined;
        return {
          ok: true,
          state: this.relay.state,
          lagEvents,
          // Still serving (the store keeps accepting), but events wait: say why.
          ...(failure ? { degraded: true, reason: `relay cannot publish: ${failure.message}`, failingSince: failure.since.toISOString() } : {}),
        };
      },
    });
    await this.relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
  }
}

/** The relay role: store → Kafka. Needs KafkaModule.forRoot() in the app. */
@Module({
  providers: [
    {
      provide: RELAY,
      inject: [EVENT_STORE, PG_POOL, KAFKA_CONNECTION],
      useFactory: (store: EventStore, pool: Pool, kafka: KafkaConnection) => {
        const logger = new Logger('Relay');
        return new Relay(store, pool, kafka, { onError: (error) => logger.error({ err: error }, 'relay interrupted; resuming from its checkpoint') });
      },
    },
    RelayLifecycle,
  ],
  exports: [RELAY],
})
export class RelayModule {}
