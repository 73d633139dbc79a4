import { DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AccessModule } from '@lotstream/access';
import { MetrologyModule } from '@lotstream/metrology';
import { PersonnelModule } from '@lotstream/personnel';
import { SuppliersModule } from '@lotstream/suppliers';
import { DocumentsModule } from '@lotstream/documents';
import { SitesModule } from '@lotstream/sites';
import { B2mmlKafkaModule, B2mmlModule } from '@lotstream/b2mml';
import { ProductionModule } from '@lotstream/production';
import { PrototypingModule } from '@lotstream/prototyping';
import { QualityModule } from '@lotstream/quality';
import { RecordingModule } from '@lotstream/recording';
import { AsyncApiModule, KafkaModule, kafkaSettingsOf, MesIntakeModule } from '@lotstream/messaging';
import { CoreModule, LotstreamConfig, loggerModule } from '@lotstream/platform';
import { ALL_UPCASTERS } from '@lotstream/schema';

/** Write side only: HTTP (and, with Kafka, MES topic) intake for MES systems and people. Stateless; scale out behind a balancer. */
@Module({})
export class CommandApiModule {
  static register(options: { config: LotstreamConfig; dataSource: DataSource }): DynamicModule {
    const kafka = kafkaSettingsOf(options.config);
    return {
      module: CommandApiModule,
      imports: [
        loggerModule(options.config),
        CoreModule.forRoot({ config: options.config, dataSource: options.dataSource, upcasters: ALL_UPCASTERS }),
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
        AsyncApiModule,
        // MES commands over Kafka arrive here too when a broker is configured.
        ...(kafka ? [KafkaModule.forRoot(kafka), MesIntakeModule, B2mmlKafkaModule] : []),
      ],
    };
  }
}
