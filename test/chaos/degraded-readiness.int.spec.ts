import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { KafkaConnection, kafkaReadiness, Relay, RelayLifecycle } from '@lotstream/messaging';
import { HealthRegistry, metrics, SafeOrderMonitor } from '@lotstream/platform';
import { createEmptyDatabase, createTestDatabase, describeWithKafka, dropDatabase, TestDatabase, testKafkaBrokers, waitFor } from '@lotstream/testing';

jest.setTimeout(180000);

function lotEvent(n: number) {
  return {
    streamId: `lot-D${n}`,
    expectedVersion: 'no-stream' as const,
    events: [{ type: 'LotRegistered', data: { n }, occurredAt: '2026-12-07T08:30:00Z' }],
    metadata: { actor: { keyId: 'k1', role: 'integration' }, siteId: 'S1' },
  };
}

/** Issue 21, scenario 6 (product side): Kafka unreachable while writes continue. */
describeWithKafka('readiness while Kafka is unreachable (a relay pointed at a dead port, then at the real broker)', () => {
  let db: TestDatabase;
  let live: KafkaConnection;

  beforeAll(async () => {
    db = await createTestDatabase();
    live = new KafkaConnection({ brokers: testKafkaBrokers()!, clientId: 'degraded-test', topicPrefix: `d${randomBytes(4).toString('hex')}.` });
    await live.ensureTopics();
  });

  afterAll(async () => {
    const admin = live.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: live.allTopics() }).catch(() => undefined);
    await admin.disconnect();
    await live.close();
    await db.close();
  });

  it('the store keeps accepting, readiness says degraded with what waits, and everything is published once Kafka is back', async () => {
    // Nothing listens on port 1: connections are refused at once, as from a cluster that is down.
    const dead = new KafkaConnection({ brokers: ['127.0.0.1:1'], clientId: 'degraded-test', topicPrefix: live.settings.topicPrefix });
    const health = new HealthRegistry();
    const relay = new Relay(db.store, db.pool, dead, { onError: () => undefined });
    health.register({ name: 'kafka', check: () => kafkaReadiness(dead, db.pool) });
    const lifecycle = new RelayLifecycle(relay, health);
    await lifecycle.onApplicationBootstrap();
    try {
      for (let n = 0; n < 25; n++) await db.store.append(lotEvent(n));
      const degraded = await waitFor(
        () => health.run(),
        (result) => (result.checks.relay as { degraded?: boolean }).degraded === true,
        { timeoutMs: 90000, intervalMs: 500, what: 'the relay reported failing' },
      );
      expect(degraded.ok).toBe(true);
      expect(degraded.degraded).toBe(true);
      expect(degraded.checks.kafka).toMatchObject({ ok: true, degraded: true, unpublishedEvents: 25 });
      expect((degraded.checks.kafka as { reason: string }).reason).toMatch(/^Kafka unreachable/);
      expect((degraded.checks.kafka as { unpublishedSeconds: number }).unpublishedSeconds).toBeGreaterThan(0);
      expect(degraded.checks.relay).toMatchObject({ ok: true, degraded: true, lagEvents: 25 });
      // Writes still go through while it lasts.
      await db.store.append(lotEvent(25));
      expect((await health.run()).checks.kafka).toMatchObject({ unpublishedEvents: 26 });
    } finally {
      await lifecycle.onModuleDestroy();
      await dead.close();
    }

    // Kafka is back: a relay on the real broker publishes what waited; readiness is plain ok.
    const back = new HealthRegistry();
    const relayBack = new Relay(db.store, db.pool, live);
    back.register({ name: 'kafka', check: () => kafkaReadiness(live, db.pool) });
    const lifecycleBack = new RelayLifecycle(relayBack, back);
    await lifecycleBack.onApplicationBootstrap();
    try {
      const ready = await waitFor(
        () => back.run(),
        (result) => !result.degraded && (result.checks.relay as { lagEvents: number }).lagEvents === 0,
        { timeoutMs: 60000, intervalMs: 200, what: 'published after Kafka returned' },
      );
      expect(ready).toMatchObject({ ok: true, degraded: false, checks: { kafka: { ok: true, brokers: 1 }, relay: { state: 'active', lagEvents: 0 } } });
      expect(relayBack.published).toBe(26);
    } finally {
      await lifecycleBack.onModuleDestroy();
    }
  });
});

/** Issue 21, scenario 7 (product side): a long writing transaction on ANOTHER database of the server. */
describe('readiness while a writing transaction on another database holds the safe-order reader back', () => {
  let db: TestDatabase;
  const otherName = `lotstream_t_other_${process.pid}_${randomBytes(3).toString('hex')}`;
  let other: Client | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await other?.end().catch(() => undefined);
    await dropDatabase(otherName);
    await db.close();
  });

  it('names the blocking backend in readiness, a metric and one log line, and clears when it ends', async () => {
    const url = await createEmptyDatabase(otherName);
    other = new Client({ connectionString: url, application_name: 'nightly-report' });
    await other.connect();
    const { rows } = await other.query('SELECT pg_backend_pid() AS pid');
    const pid = rows[0].pid as number;
    // A transaction that wrote (has an xid) and then sits idle: nothing to do with the store's database.
    await other.query('BEGIN');
    await other.query('CREATE TABLE report_scratch (n int)');

    await db.store.append(lotEvent(1));
    expect((await db.store.readAll()).events).toEqual([]);

    const health = new HealthRegistry();
    const monitor = new SafeOrderMonitor(db.pool, health);
    const lines: Array<{ detail: unknown; message: string }> = [];
    monitor.logger = { warn: (detail: unknown, message?: unknown) => void lines.push({ detail, message: String(message) }) };
    monitor.onApplicationBootstrap();
    try {
      const degraded = await waitFor(
        () => health.run(),
        (result) => result.degraded,
        { timeoutMs: 60000, intervalMs: 500, what: 'readiness degraded by the open transaction' },
      );
      expect(degraded.ok).toBe(true);
      expect(degraded.checks['safe-order']).toMatchObject({
        ok: true,
        degraded: true,
        heldBackEvents: 1,
        blockingBackend: { pid, database: otherName, applicationName: 'nightly-report', state: 'idle in transaction' },
      });
      expect((degraded.checks['safe-order'] as { reason: string }).reason).toContain(`backend ${pid} on database ${otherName}`);
      expect((degraded.checks['safe-order'] as { heldBackSeconds: number }).heldBackSeconds).toBeGreaterThan(0);
      const gauge = await metrics.safeOrderBlockerPid.get();
      expect(gauge.values[0].value).toBe(pid);
      expect((await metrics.safeOrderHeldBackEvents.get()).values[0].value).toBe(1);
      // Sampled several times (readiness, the timer, here): one line while it lasts.
      await monitor.sample();
      expect(lines).toHaveLength(1);
      expect(lines[0].message).toContain(`backend ${pid} on database ${otherName} (application "nightly-report"`);

      await other.query('ROLLBACK');
      const clear = await waitFor(
        () => health.run(),
        (result) => !result.degraded,
        { timeoutMs: 30000, intervalMs: 200, what: 'readiness clear once the transaction ended' },
      );
      expect(clear.checks['safe-order']).toEqual({ ok: true, heldBackEvents: 0, heldBackSeconds: 0 });
      expect((await metrics.safeOrderBlockerPid.get()).values[0].value).toBe(0);
      expect((await db.store.readAll()).events).toHaveLength(1);
    } finally {
      monitor.onModuleDestroy();
    }
  });
});
