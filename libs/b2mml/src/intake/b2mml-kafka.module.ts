import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AccessService } from '@lotstream/access';
import type { EventStore } from '@lotstream/event-store';
import { KAFKA_CONNECTION, KafkaConnection, MesIntake } from '@lotstream/messaging';
import type { Pool } from 'pg';
import { CLOCK, Clock, CONFIG, EVENT_STORE, HealthRegistry, LotstreamConfig, PG_POOL } from '@lotstream/platform';
import { LotQueries } from '@lotstream/traceability';
import { CommandRunner, RecordingModule } from '@lotstream/recording';
import { b2mmlIntakeOf } from './b2mml-intake';
import { b2mmlSource } from './b2mml-kafka';

@Injectable()
export class B2mmlKafkaLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('B2mmlIntake');
  private readonly intake: MesIntake;

  constructor(
    @Inject(KAFKA_CONNECTION) kafka: KafkaConnection,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CONFIG) config: LotstreamConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(PG_POOL) pool: Pool,
    runner: CommandRunner,
    access: AccessService,
    private readonly health: HealthRegistry,
  ) {
    const intake = b2mmlIntakeOf(runner, store, new LotQueries(pool));
    this.intake = new MesIntake(
      kafka,
      {
        authenticate: (apiKey) => access.authenticate(apiKey),
        dispatch: () => Promise.reject(new Error('not used')),
        integrationKey: config.mesIntegrationKey,
      },
      {
        clock,
        groupSuffix: 'b2mml-intake',
        source: (deps) => b2mmlSource({ authenticate: deps.authenticate, integrationKey: deps.integrationKey, intake }),
        onError: (error) => this.logger.error({ err: error }, 'B2MML intake error'),
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.intake.start();
    this.health.register({ name: 'b2mmlIntake', check: async () => ({ ok: this.intake.consuming }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.intake.stop();
  }
}

/** B2MML BODs over Kafka (`<prefix>mes.b2mml` → `<prefix>mes.results`). Needs KafkaModule and AccessModule in the app. */
@Module({ imports: [RecordingModule], providers: [B2mmlKafkaLifecycle] })
export class B2mmlKafkaModule {}
