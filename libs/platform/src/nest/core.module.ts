import { DynamicModule, Global, Module, OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PostgresEventStore, Upcaster, Upcasters } from '@lotstream/event-store';
import type { LotstreamConfig } from '../config';
import { poolOf } from '../database';
import { metrics } from '../metrics';
import { CLOCK, CONFIG, DATA_SOURCE, EVENT_STORE, PG_POOL } from '../tokens';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.registry';
import { SafeOrderMonitor } from './safe-order.monitor';

export interface CoreOptions {
  config: LotstreamConfig;
  dataSource: DataSource;
  upcasters?: Upcaster[];
  clock?: () => Date;
}

@Global()
@Module({})
export class CoreModule implements OnModuleInit {
  constructor(private readonly health: HealthRegistry) {}
  private static dataSource: DataSource;

  static forRoot(options: CoreOptions): DynamicModule {
    const clock = options.clock ?? (() => new Date());
    const pool = poolOf(options.dataSource);
    CoreModule.dataSource = options.dataSource;
    return {
      module: CoreModule,
      controllers: [HealthController],
      providers: [
        HealthRegistry,
        SafeOrderMonitor,
        { provide: CONFIG, useValue: options.config },
        { provide: DATA_SOURCE, useValue: options.dataSource },
        { provide: PG_POOL, useValue: pool },
        { provide: CLOCK, useValue: clock },
        {
          provide: EVENT_STORE,
          useValue: new PostgresEventStore(pool, clock, new Upcasters(options.upcasters ?? []), {
            onAppend: (events, seconds, outcome) => {
              metrics.appends.inc({ outcome });
              if (outcome === 'ok') {
                metrics.appendedEvents.inc(events);
                metrics.appendSeconds.observe(seconds);
              }
            },
          }),
        },
      ],
      exports: [HealthRegistry, CONFIG, DATA_SOURCE, PG_POOL, CLOCK, EVENT_STORE],
    };
  }

  onModuleInit(): void {
    this.health.register({
      name: 'database',
      check: async () => {
        const started = Date.now();
        await CoreModule.dataSource.query('SELECT 1');
        return { ok: true, latencyMs: Date.now() - started };
      },
    });
  }
}
