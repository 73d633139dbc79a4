import { DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AccessModule } from '@lotstream/access';
import { AuditModule } from '@lotstream/audit';
import { CoreModule, DashboardModule, LotstreamConfig, loggerModule } from '@lotstream/platform';
import { FirstArticleReadModule } from '@lotstream/quality';
import { SupplierReadModule } from '@lotstream/suppliers';
import { RepeatabilityModule } from '@lotstream/repeatability';
import { ALL_READ_MODELS, ALL_UPCASTERS } from '@lotstream/schema';
import { TraceabilityModule } from '@lotstream/traceability';

/**
 * Read side only: traceability, repeatability and audit answers from the read models the projector
 * keeps. Stateless; scale out. (Rebuilds are best started where the projector runs: this process
 * cannot pause a projector in another process during the final schema swap.)
 */
@Module({})
export class QueryApiModule {
  static register(options: { config: LotstreamConfig; dataSource: DataSource }): DynamicModule {
    return {
      module: QueryApiModule,
      imports: [
        loggerModule(options.config),
        CoreModule.forRoot({ config: options.config, dataSource: options.dataSource, upcasters: ALL_UPCASTERS }),
        AccessModule,
        TraceabilityModule,
        RepeatabilityModule,
        FirstArticleReadModule,
        SupplierReadModule,
        AuditModule.register({ readModels: ALL_READ_MODELS }),
        DashboardModule.register(),
      ],
    };
  }
}
