import { DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CoreModule, DashboardModule, LotstreamConfig, loggerModule } from '@lotstream/platform';
import { AccessModule } from '@lotstream/access';
import { AuditModule } from '@lotstream/audit';
import { MetrologyModule } from '@lotstream/metrology';
import { PersonnelModule } from '@lotstream/personnel';
import { SupplierReadModule, SuppliersModule } from '@lotstream/suppliers';
import { DocumentsModule } from '@lotstream/documents';
import { SitesModule } from '@lotstream/sites';
import { B2mmlKafkaModule, B2mmlModule } from '@lotstream/b2mml';
import { ProductionModule } from '@lotstream/production';
import { PrototypingModule } from '@lotstream/prototyping';
import { FirstArticleReadModule, QualityModule } from '@lotstream/quality';
import { RecordingModule } from '@lotstream/recording';
import { AsyncApiModule, KafkaFeed, KafkaModule, kafkaSettingsOf, MesIntakeModule, ProjectorModule, RelayModule } from '@lotstream/messaging';
import { RepeatabilityModule } from '@lotstream/repeatability';
import { TraceabilityModule } from '@lotstream/traceability';
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
    const kafka = kafkaSettingsOf(options.config);
    return {
      module: StandaloneModule,
      imports: [
        loggerModule(options.config),
        CoreModule.forRoot({ config: options.config, dataSource: options.dataSource, upcasters: ALL_UPCASTERS, clock: options.clock }),
        AccessModule,
        RecordingModule,
        ProductionModule,
        QualityModule,
        MetrologyModule,
        PersonnelModule,
        SuppliersModule,
        DocumentsModule,
        SitesModule,
        B2mmlModule,
        PrototypingModule,
        ProjectorModule.register({ readModels: ALL_READ_MODELS, feed: (runner) => (kafka ? new KafkaFeed(runner, kafka) : undefined) }),
        ...(kafka ? [KafkaModule.forRoot(kafka), RelayModule, MesIntakeModule, B2mmlKafkaModule] : []),
        AsyncApiModule,
        AuditModule.register({ readModels: ALL_READ_MODELS }),
        RepeatabilityModule,
        FirstArticleReadModule,
        SupplierReadModule,
        TraceabilityModule,
        DashboardModule.register(),
      ],
    };
  }
}
