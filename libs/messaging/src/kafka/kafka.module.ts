import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { HealthRegistry, PG_POOL } from '@lotstream/platform';
import { unpublishedBacklog } from '../relay/relay';
import { KafkaConnection, KafkaSettings } from './kafka-connection';

/**
 * Kafka in readiness. Unreachable, it degrades readiness rather than failing it: the store keeps
 * accepting (it is the outbox) and the relay publishes what waits once the cluster returns; the
 * answer says how much waits, and for how long.
 */
export async function kafkaReadiness(
  connection: KafkaConnection,
  pool: Pool,
  now: Date = new Date(),
): Promise<{ ok: boolean; degraded?: boolean; [detail: string]: unknown }> {
  try {
    return await connection.check();
  } catch (error) {
    const backlog = await unpublishedBacklog(pool).catch(() => undefined);
    return {
      ok: true,
      degraded: true,
      reason: `Kafka unreachable (${(error as Error).message}); writes are still accepted and published when it returns`,
      ...(backlog
        ? {
            unpublishedEvents: backlog.events,
            unpublishedSeconds: backlog.oldestRecordedAt ? Math.max(0, Math.round((now.getTime() - backlog.oldestRecordedAt.getTime()) / 100) / 10) : 0,
          }
        : {}),
    };
  }
}

export const KAFKA_CONNECTION = Symbol('KAFKA_CONNECTION');

@Injectable()
export class KafkaLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Kafka');

  constructor(
    @Inject(KAFKA_CONNECTION) private readonly connection: KafkaConnection,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.health.register({ name: 'kafka', check: () => kafkaReadiness(this.connection, this.pool) });
    // Topics exist before any relay, projector or intake starts (they run at application bootstrap).
    const created = await this.connection.ensureTopics();
    if (created.length > 0) this.logger.log(`created topics ${created.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * Kafka for one app: a shared connection (admin for topics and readiness), the topics created at
 * start when missing, and `kafka` in /health/ready. Import once, where KAFKA_BROKERS is set.
 */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(settings: KafkaSettings): DynamicModule {
    return {
      module: KafkaModule,
      providers: [{ provide: KAFKA_CONNECTION, useFactory: () => new KafkaConnection(settings) }, KafkaLifecycle],
      exports: [KAFKA_CONNECTION],
    };
  }
}
