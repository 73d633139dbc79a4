import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Pool } from 'pg';
import { EventStore } from '@lotstream/event-store';
import { PROJECTION_RUNNER, ProjectionRebuild, ProjectionRunner, ReadModel } from '@lotstream/messaging';
import { CLOCK, Clock, EVENT_STORE, PG_POOL } from '@lotstream/platform';
import { LIVE_READ_MODELS, LiveReadModels } from './audit.tokens';
import { GlobalCheckpoints } from './checkpoints/global-checkpoint';
import { AuditAdminController } from './http/audit-admin.controller';
import { AuditController } from './http/audit.controller';
import { COMMAND_SIDE_EVOLVERS } from './replay/command-side-evolvers';
import { StreamReplay } from './replay/stream-replay';
import { AuditVerifier } from './verify/audit-verifier';
import { SignatureBindings } from './verify/signature-bindings';

export interface AuditOptions {
  /** Every read model (ALL_READ_MODELS), used when the projector does not run in this process. */
  readModels: ReadModel[];
  /** Minutes between automatic global checkpoints (0: none). Default: AUDIT_CHECKPOINT_MINUTES or 60. */
  checkpointEveryMinutes?: number;
}

const AUDIT_OPTIONS = Symbol('AUDIT_OPTIONS');

/** Finds the live projection runner when the projector runs in this process; takes periodic checkpoints. */
@Injectable()
export class AuditLifecycle implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Audit');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(LIVE_READ_MODELS) private readonly live: LiveReadModels,
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
    private readonly checkpoints: GlobalCheckpoints,
  ) {}

  onModuleInit(): void {
    try {
      this.live.runner = this.moduleRef.get<ProjectionRunner>(PROJECTION_RUNNER, { strict: false });
    } catch {
      this.live.runner = undefined;
    }
  }

  onApplicationBootstrap(): void {
    const minutes = this.options.checkpointEveryMinutes ?? checkpointMinutesFromEnv();
    if (minutes <= 0) return;
    this.timer = setInterval(() => {
      void this.checkpoints
        .record('system:periodic', { onlyIfChanged: true })
        .then((checkpoint) => checkpoint && this.logger.log({ checkpoint: checkpoint.id, hash: checkpoint.hash }, 'global checkpoint recorded'))
        .catch((error) => this.logger.error({ err: error }, 'global checkpoint failed'));
    }, minutes * 60_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    // A rebuild cut short by shutdown leaves only its own schema, dropped by the next rebuild.
    if (this.timer) clearInterval(this.timer);
  }
}

function checkpointMinutesFromEnv(): number {
  const raw = process.env.AUDIT_CHECKPOINT_MINUTES;
  if (raw === undefined || raw === '') return 60;
  const minutes = Number(raw);
  return Number.isFinite(minutes) && minutes >= 0 ? minutes : 60;
}

const controllers = [AuditController, AuditAdminController];

/**
 * Audit: the global log and its export, a stream as of a moment, tamper verification with global
 * checkpoints, and blue/green rebuilds of the read models.
 */
@Module({})
export class AuditModule {
  static register(options: AuditOptions): DynamicModule {
    return {
      module: AuditModule,
      controllers,
      providers: [
        { provide: AUDIT_OPTIONS, useValue: options },
        {
          provide: LIVE_READ_MODELS,
          inject: [PG_POOL],
          useFactory: (pool: Pool): LiveReadModels => ({ runner: undefined, observer: new ProjectionRunner(pool, options.readModels) }),
        },
        { provide: GlobalCheckpoints, inject: [PG_POOL, CLOCK], useFactory: (pool: Pool, clock: Clock) => new GlobalCheckpoints(pool, clock) },
        {
          provide: AuditVerifier,
          inject: [EVENT_STORE, GlobalCheckpoints, PG_POOL],
          useFactory: (store: EventStore, checkpoints: GlobalCheckpoints, pool: Pool) => new AuditVerifier(store, checkpoints, new SignatureBindings(pool)),
        },
        { provide: StreamReplay, inject: [EVENT_STORE], useFactory: (store: EventStore) => new StreamReplay(store, COMMAND_SIDE_EVOLVERS) },
        {
          provide: ProjectionRebuild,
          inject: [PG_POOL, EVENT_STORE, LIVE_READ_MODELS, CLOCK],
          useFactory: (pool: Pool, store: EventStore, live: LiveReadModels, clock: Clock) =>
            new ProjectionRebuild(pool, store, options.readModels, () => live.runner, clock),
        },
        AuditLifecycle,
      ],
      exports: [GlobalCheckpoints, AuditVerifier, StreamReplay, ProjectionRebuild],
    };
  }
}
