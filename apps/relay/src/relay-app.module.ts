import { DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CoreModule, LotstreamConfig, loggerModule } from '@lotstream/platform';
import { KafkaModule, kafkaSettingsOf, RelayModule } from '@lotstream/messaging';
import { ALL_UPCASTERS } from '@lotstream/schema';

/** The relay deployable: store → Kafka, with /health, /health/ready and /metrics. One active per store. */
@Module({})
export class RelayAppModule {
  static register(options: { config: LotstreamConfig; dataSource: DataSource }): DynamicModule {
    const kafka = kafkaSettingsOf(options.config);
    if (!kafka) throw new Error('KAFKA_BROKERS is required');
    return {
      module: RelayAppModule,
      imports: [
        loggerModule(options.config),
        CoreModule.forRoot({ config: options.config, dataSource: options.dataSource, upcasters: ALL_UPCASTERS }),
        KafkaModule.forRoot(kafka),
        RelayModule,
      ],
    };
  }
}
