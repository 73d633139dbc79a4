import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Pool } from 'pg';
import { EventStore } from '@lotstream/event-store';
import { CLOCK, Clock, CONFIG, EVENT_STORE, HealthRegistry, LotstreamConfig, metrics, PG_POOL } from '@lotstream/platform';
import { InProcessFeed } from './in-process-feed';
import { ProjectionRunner } from './projection/projection-runner';
import type { ReadModel } from './projection/read-model';

export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');
export const READ_MODELS = Symbol('READ_MODELS');

/** A transport that feeds the runner (Kafka consumer group, or the store in-process). */
export interface ProjectorFeed {
  start(): Promise<void>;
  stop(): Promise<void>;
}
export const PROJECTOR_FEED_FACTORY = Symbol('PROJECTOR_FEED_FACTORY');
export type ProjectorFeedFactory = (runner: ProjectionRunner) => ProjectorFeed | undefined;

@Injectable()
export class ProjectorLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projector');
  private feed: ProjectorFeed | undefined;
  private lagTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CONFIG) private readonly config: LotstreamConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PROJECTOR_FEED_FACTORY) private readonly feedFactory: ProjectorFeedFactory,
    private readonly health: HealthRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.ensureSchema();
    this.feed =
      this.feedFactory(this.runner) ??
      new InProcessFeed(this.store, this.pool, this.runner, (error) => this.logger.error({ err: error }, 'projection failed; retrying'));
    await this.feed.start();
    this.health.register({
      name: 'projector',
      check: async () => {
        const lag = await this.runner.lag(this.clock());
        return { ok: true, transport: this.config.kafkaBrokers ? 'kafka' : 'in-process', lagEvents: lag.events, lagSeconds: lag.seconds };
      },
    });
    this.lagTimer = setInterval(() => {
      void this.runner
        .lag(this.clock())
        .then((lag) => {
          metrics.projectorLagEvents.set(lag.events);
          metrics.projectorLagSeconds.set(lag.seconds);
        })
        .catch(() => undefined);
    }, 5000);
    this.lagTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.lagTimer) clearInterval(this.lagTimer);
    await this.feed?.stop();
  }
}

/**
 * The projector role: keeps every read model up to date. `readModels` come from the contexts
 * (traceability, repeatability); `feed` is the transport (Kafka when configured), else in-process.
 */
@Module({})
export class ProjectorModule {
  static register(options: { readModels: ReadModel[]; feed?: ProjectorFeedFactory; imports?: DynamicModule['imports'] }): DynamicModule {
    return {
      module: ProjectorModule,
      imports: options.imports ?? [],
      providers: [
        { provide: READ_MODELS, useValue: options.readModels },
        {
          provide: PROJECTION_RUNNER,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => new ProjectionRunner(pool, options.readModels),
        },
        { provide: PROJECTOR_FEED_FACTORY, useValue: options.feed ?? (() => undefined) },
        ProjectorLifecycle,
      ],
      exports: [PROJECTION_RUNNER, READ_MODELS],
    };
  }
}
