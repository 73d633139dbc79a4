import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Pool } from 'pg';
import { safeOrderHorizon, type SafeOrderHorizon } from '@lotstream/event-store';
import { metrics } from '../metrics';
import { PG_POOL } from '../tokens';
import { HealthRegistry } from './health.registry';

/** A writing transaction open this long, with events waiting behind it, degrades readiness. */
export const HELD_BACK_AFTER_SECONDS = 10;
/** At most one log line per blocking backend in this interval. */
const LOG_EVERY_MS = 60000;
const SAMPLE_EVERY_MS = 5000;

/** Whether a sample of the horizon means readers are being held back (pure: the sample has the ages). */
export function isHeldBack(horizon: SafeOrderHorizon, afterSeconds = HELD_BACK_AFTER_SECONDS): boolean {
  return horizon.heldBackEvents > 0 && horizon.blocker !== undefined && horizon.blocker.ageSeconds >= afterSeconds;
}

/**
 * Makes a long transaction elsewhere on the server visible instead of a silent lag: every few
 * seconds it samples safeOrderHorizon() into metrics, logs one line (rate-limited per backend)
 * naming the backend that holds readers back, and answers readiness with `safe-order` (degraded,
 * naming that backend, while it lasts).
 */
@Injectable()
export class SafeOrderMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private readonly lastLogged = new Map<number, number>();
  /** Where the line goes (a test may read it). */
  logger: Pick<Logger, 'warn'> = new Logger('SafeOrder');

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.health.register({
      name: 'safe-order',
      check: async () => {
        const horizon = await this.sample();
        const held = isHeldBack(horizon);
        return {
          ok: true,
          ...(held ? { degraded: true, reason: describe(horizon) } : {}),
          heldBackEvents: horizon.heldBackEvents,
          heldBackSeconds: round(horizon.heldBackSeconds),
          ...(held ? { blockingBackend: blockingOf(horizon) } : {}),
        };
      },
    });
    this.timer = setInterval(() => void this.sample().catch(() => undefined), SAMPLE_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One sample: metrics set, and a log line when held back (once a minute per backend). */
  async sample(now = Date.now()): Promise<SafeOrderHorizon> {
    const horizon = await safeOrderHorizon(this.pool);
    const held = isHeldBack(horizon);
    metrics.safeOrderHeldBackEvents.set(horizon.heldBackEvents);
    metrics.safeOrderHeldBackSeconds.set(horizon.heldBackSeconds);
    metrics.safeOrderBlockerAgeSeconds.set(held ? horizon.blocker!.ageSeconds : 0);
    metrics.safeOrderBlockerPid.set(held ? horizon.blocker!.pid : 0);
    if (held) {
      const pid = horizon.blocker!.pid;
      const last = this.lastLogged.get(pid);
      if (last === undefined || now - last >= LOG_EVERY_MS) {
        this.lastLogged.set(pid, now);
        this.logger.warn({ blockingBackend: blockingOf(horizon), heldBackEvents: horizon.heldBackEvents }, describe(horizon));
      }
    }
    for (const [pid, at] of this.lastLogged) if (now - at >= LOG_EVERY_MS && pid !== horizon.blocker?.pid) this.lastLogged.delete(pid);
    return horizon;
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

function blockingOf(horizon: SafeOrderHorizon): Record<string, unknown> {
  const b = horizon.blocker!;
  return {
    pid: b.pid,
    database: b.database,
    applicationName: b.applicationName,
    state: b.state,
    transactionId: b.transactionId,
    ageSeconds: round(b.ageSeconds),
  };
}

function describe(horizon: SafeOrderHorizon): string {
  const b = horizon.blocker!;
  return (
    `${horizon.heldBackEvents} events held back from safe-order readers by an open writing transaction: ` +
    `backend ${b.pid} on database ${b.database ?? '?'} (application "${b.applicationName}", ${b.state ?? 'state unknown'}), open ${Math.round(b.ageSeconds)} s`
  );
}
