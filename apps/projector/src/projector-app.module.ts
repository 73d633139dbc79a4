import { DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CoreModule, LotstreamConfig, loggerModule } from '@lotstream/platform';
import { KafkaFeed, KafkaModule, kafkaSettingsOf, ProjectorModule } from '@lotstream/messaging';
import { ALL_READ_MODELS, ALL_UPCASTERS } from '@lotstream/schema';

/**
 * The projector deployable: a member of the projector consumer group keeping every read model.
 * Instances share the event topics' partitions.
 */
@Module({})
export class ProjectorAppModule {
  static register(options: { config: LotstreamConfig; dataSource: DataSource }): DynamicModule {
    const kafka = kafkaSettingsOf(options.config);
    if (!kafka) throw new Error('KAFKA_BROKERS is required');
    return {
      module: ProjectorAppModule,
      imports: [
        loggerModule(options.config),
        CoreModule.forRoot({ config: options.config, dataSource: options.dataSource, upcasters: ALL_UPCASTERS }),
        KafkaModule.forRoot(kafka),
        ProjectorModule.register({ readModels: ALL_READ_MODELS, feed: (runner) => new KafkaFeed(runner, kafka) }),
      ],
    };
  }
}
