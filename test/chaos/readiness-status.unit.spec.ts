import type { Response } from 'express';
import { HealthRegistry } from '@lotstream/platform';
import { HealthController } from '../../libs/platform/src/nest/health.controller';

async function ready(checks: Array<{ ok: boolean; degraded?: boolean }>): Promise<{ status: number; body: Record<string, unknown> }> {
  const health = new HealthRegistry();
  checks.forEach((result, i) => health.register({ name: `c${i}`, check: async () => result }));
  const answer = { status: 0, body: {} as Record<string, unknown> };
  const response = {
    status: (code: number) => {
      answer.status = code;
      return response;
    },
    json: (body: Record<string, unknown>) => {
      answer.body = body;
      return response;
    },
  };
  await new HealthController(health).ready(response as unknown as Response);
  return answer;
}

describe('/health/ready status', () => {
  it('ok, degraded (still 200) or unavailable (503, whatever else is degraded)', async () => {
    expect(await ready([{ ok: true }, { ok: true }])).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await ready([{ ok: true }, { ok: true, degraded: true }])).toMatchObject({ status: 200, body: { status: 'degraded', c1: { degraded: true } } });
    expect(await ready([{ ok: false }, { ok: true, degraded: true }])).toMatchObject({ status: 503, body: { status: 'unavailable' } });
  });
});
