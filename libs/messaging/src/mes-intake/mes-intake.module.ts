import { Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AccessService } from '@lotstream/access';
import { CLOCK, Clock, CONFIG, HealthRegistry, LotstreamConfig } from '@lotstream/platform';
import { COMMAND_DISPATCHER, CommandDispatcher, RecordingModule } from '@lotstream/recording';
import { KAFKA_CONNECTION } from '../kafka/kafka.module';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { MesIntake } from './mes-intake';

@Injectable()
export class MesIntakeLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MesIntake');
  private readonly intake: MesIntake;

  constructor(
    @Inject(KAFKA_CONNECTION) kafka: KafkaConnection,
    @Inject(COMMAND_DISPATCHER) dispatcher: CommandDispatcher,
    @Inject(CONFIG) config: LotstreamConfig,
    @Inject(CLOCK) clock: Clock,
    access: AccessService,
    private readonly health: HealthRegistry,
  ) {
    this.intake = new MesIntake(
      kafka,
      {
        authenticate: (apiKey) => access.authenticate(apiKey),
        dispatch: (type, payload, context) => dispatcher.dispatch(type, payload, context),
        integrationKey: config.mesIntegrationKey,
      },
      { clock, onError: (error) => this.logger.error({ err: error }, 'MES intake error') },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.intake.start();
    this.health.register({ name: 'mesIntake', check: async () => ({ ok: this.intake.consuming }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.intake.stop();
  }
}

/**
 * MES commands over Kafka (`<prefix>mes.commands` → `<prefix>mes.results`). Needs KafkaModule,
 * AccessModule and RecordingModule (the dispatcher) in the app.
 */
@Module({ imports: [RecordingModule], providers: [MesIntakeLifecycle] })
export class MesIntakeModule {}
