import { DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CoreModule, LotstreamConfig, loggerModule } from '@lotstream/platform';
import { ProjectorModule } from '@lotstream/messaging';
import { ALL_READ_MODELS, ALL_UPCASTERS } from '@lotstream/schema';

export interface StandaloneOptions {
  config: LotstreamConfig;
  dataSource: DataSource;
  clock?: () => Date;
}

/**
 * Every role in one process on embedded defaults: command intake, query API, relay (when Kafka is
 * configured) and projector (fed by Kafka, or straight from the store without it).
 */
@Module({})
export class StandaloneModule {
  static register(options: StandaloneOptions): DynamicModule {
    return {
      module: StandaloneModule,
      imports: [
        loggerModule(options.config),
        CoreModule.forRoot({ config: options.config, dataSource: options.dataSource, upcasters: ALL_UPCASTERS, clock: options.clock }),
        ProjectorModule.register({ readModels: ALL_READ_MODELS }),
      ],
    };
  }
}
