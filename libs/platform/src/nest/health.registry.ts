import { Injectable } from '@nestjs/common';

export interface ReadinessCheck {
  name: string;
  /**
   * Resolves with details when healthy; throws (or returns ok: false) when not. `degraded: true`
   * (with a `reason`) when the process still serves but something it feeds or depends on is behind
   * (Kafka unreachable while the store keeps accepting, readers held back by a long transaction).
   */
  check(): Promise<{ ok: boolean; degraded?: boolean; [detail: string]: unknown }>;
}

/** Modules register what readiness depends on (database, Kafka, projector lag). */
@Injectable()
export class HealthRegistry {
  private readonly checks: ReadinessCheck[] = [];

  register(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  async run(): Promise<{ ok: boolean; degraded: boolean; checks: Record<string, unknown> }> {
    const results: Record<string, unknown> = {};
    let ok = true;
    let degraded = false;
    await Promise.all(
      this.checks.map(async (c) => {
        try {
          const result = await c.check();
          results[c.name] = result;
          ok &&= result.ok;
          degraded ||= result.degraded === true;
        } catch (error) {
          results[c.name] = { ok: false, error: (error as Error).message };
          ok = false;
        }
      }),
    );
    return { ok, degraded: ok && degraded, checks: results };
  }
}
