import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { KafkaConnection } from '@lotstream/messaging';
import { checkInvariants, type InvariantReport } from './invariants';
import { MesLoad } from './load';
import { TopicObserver } from './observer';
import {
  cluster,
  killRunningScripts,
  fullyReplicated,
  log,
  partitionLeader,
  pidOfClientPort,
  psql,
  restartPostgres,
  sleep,
  Stack,
  StoreProbe,
  waitUntil,
  type ProcName,
} from './deployment';

/**
 * `npm run chaos [-- [--short] scenario…]`: starts the three-node cluster (scripts/cluster.sh) and,
 * per scenario, a fresh deployment (scripts/stack.sh: its own database, topics and logs), drives a
 * steady MES load (HTTP with idempotency keys and retries, and commands on the command topic),
 * injects the scenario's fault, measures the time from the fault's end until every event stored
 * before it is applied to the read models, stops the load, waits until everything is published
 * and projected, runs the invariant checker (bench/chaos/invariants.ts) and writes its row of
 * docs/reliability.md (or of CHAOS_OUT). --short: one kill each, shorter phases (.ci/run).
 * Scenarios: 1 2 3 4 5 6 7 (default 1 2 3 4 6 7; 5 restarts the machine's PostgreSQL server, which
 * every user of it notices: by name only). Needs root (network namespaces). Bounded by
 * CHAOS_MAX_MINUTES (default 90); cleans up on SIGINT/SIGTERM and on the deadline.
 */

const REPO = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const SHORT = args.includes('--short');
const KEEP = args.includes('--keep');
const OUT = process.env.CHAOS_OUT ?? path.join(REPO, 'docs', 'reliability.md');
const MAX_MINUTES = Number(process.env.CHAOS_MAX_MINUTES ?? 90);
const HTTP_WRITERS = 4;
const HTTP_RATE = Number(process.env.CHAOS_HTTP_RATE ?? 3); // per writer
const KAFKA_RATE = Number(process.env.CHAOS_KAFKA_RATE ?? 2);

interface Context {
  id: string;
  stack: Stack;
  kafka: KafkaConnection;
  probe: StoreProbe;
  load: MesLoad;
  database: string;
  notes: string[];
  /** Marks the end of a fault: recovery is measured from here until what was stored is applied. */
  faultEnded(): Promise<void>;
  /** Waits until every event stored before the last faultEnded() is applied; returns the seconds. */
  caughtUp(): Promise<number>;
}

interface Scenario {
  title: string;
  run(ctx: Context): Promise<void>;
}

const phase = (s: number) => (SHORT ? Math.max(5, Math.round(s / 3)) : s) * 1000;

const SCENARIOS: Record<string, Scenario> = {
  '1': {
    title: 'SIGKILL the leader of production.events[0], restart it',
    async run(ctx) {
      const times = SHORT ? 1 : 5;
      const topic = ctx.kafka.topics.events.production;
      for (let k = 1; k <= times; k++) {
        const leader = await partitionLeader(ctx.kafka, topic);
        await cluster.kill(leader);
        log(`1: killed node ${leader} (leader of ${topic}[0]), kill ${k}/${times}`);
        await sleep(phase(15));
        await cluster.startNode(leader);
        await ctx.faultEnded();
        const seconds = await ctx.caughtUp();
        await waitUntil('all replicas back in sync', 180000, () => fullyReplicated(ctx.kafka, Object.values(ctx.kafka.topics.events)));
        ctx.notes.push(`kill ${k}: node ${leader}, caught up ${seconds.toFixed(1)} s after its restart`);
      }
    },
  },
  '2': {
    title: 'link of the leader of production.events[0] down 30 s',
    async run(ctx) {
      const leader = await partitionLeader(ctx.kafka, ctx.kafka.topics.events.production);
      await cluster.link(leader, 'down');
      log(`2: node ${leader} cut off`);
      await sleep(phase(30));
      await cluster.link(leader, 'up');
      await ctx.faultEnded();
      ctx.notes.push(`node ${leader} cut off for ${phase(30) / 1000} s`);
      await ctx.caughtUp();
      await waitUntil('all replicas back in sync', 180000, () => fullyReplicated(ctx.kafka, Object.values(ctx.kafka.topics.events)));
    },
  },
  '3': {
    title: 'SIGSTOP the active relay 20 s, SIGCONT; then SIGKILL it (standby takes over)',
    async run(ctx) {
      const active = await waitUntil('an active relay', 60000, () => ctx.stack.activeRelay());
      await ctx.stack.signal(active, 'STOP');
      log(`3: ${active} stopped`);
      await sleep(phase(10));
      const during = await ctx.stack.activeRelay();
      await sleep(phase(20) - phase(10));
      await ctx.stack.signal(active, 'CONT');
      await ctx.faultEnded();
      const afterStop = await ctx.caughtUp();
      ctx.notes.push(
        `SIGSTOP ${active} ${phase(20) / 1000} s: active relay while stopped: ${during ?? 'none'}; caught up ${afterStop.toFixed(1)} s after SIGCONT`,
      );
      const again = await waitUntil('an active relay', 60000, () => ctx.stack.activeRelay());
      await ctx.stack.signal(again, 'KILL');
      const killedAt = Date.now();
      await ctx.faultEnded();
      log(`3: ${again} killed`);
      const standby = await waitUntil('the standby relay active', 120000, async () => {
        const now = await ctx.stack.activeRelay();
        return now && now !== again ? now : undefined;
      });
      ctx.notes.push(`SIGKILL ${again}: ${standby} active after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
      await ctx.stack.startProc(again);
    },
  },
  '4': {
    title: 'SIGKILL a projector mid-batch; SIGKILL a command-api with requests in flight',
    async run(ctx) {
      const projectors = new Map<number, ProcName>();
      for (const name of ['projector-1', 'projector-2'] as const) {
        const pid = await ctx.stack.pid(name);
        if (pid) projectors.set(pid, name);
      }
      // Mid-batch: the projector whose connection holds an open read-model transaction right now.
      let victim: ProcName | undefined;
      const deadline = Date.now() + 60000;
      while (!victim && Date.now() < deadline) {
        for (const port of await ctx.probe.applyingClientPorts(ctx.database)) {
          const pid = await pidOfClientPort(port);
          if (pid && projectors.has(pid)) {
            victim = projectors.get(pid)!;
            await ctx.stack.signal(victim, 'KILL');
            break;
          }
        }
        if (!victim) await sleep(20);
      }
      if (victim) ctx.notes.push(`${victim} killed with a read-model transaction open`);
      else {
        victim = 'projector-1';
        await ctx.stack.signal(victim, 'KILL');
        ctx.notes.push(`${victim} killed (no open read-model transaction seen in 60 s)`);
      }
      log(`4: ${victim} killed`);
      await ctx.stack.startProc(victim);
      await ctx.stack.waitReady(victim);
      await ctx.faultEnded();
      const afterProjector = await ctx.caughtUp();
      ctx.notes.push(`caught up ${afterProjector.toFixed(1)} s after the projector was back`);

      const api = ctx.stack.url('command-api-1');
      // On a quiet machine a request lasts a few milliseconds: when none is seen in flight within the
      // window, the API is killed anyway (under load) and the note says so.
      const inFlight = await waitUntil(
        'requests in flight to command-api-1',
        60000,
        async () => ((ctx.load.inFlight.get(api) ?? 0) > 0 ? ctx.load.inFlight.get(api) : undefined),
        1,
      ).catch(() => 0);
      await ctx.stack.signal('command-api-1', 'KILL');
      ctx.notes.push(`command-api-1 killed with ${inFlight} request(s) in flight`);
      log(`4: command-api-1 killed (${inFlight} in flight)`);
      await sleep(phase(5));
      await ctx.stack.startProc('command-api-1');
      await ctx.stack.waitReady('command-api-1');
      await ctx.faultEnded();
    },
  },
  '5': {
    title: 'PostgreSQL server restart under load',
    async run(ctx) {
      log('5: restarting the PostgreSQL server (every database on it)');
      const started = Date.now();
      await restartPostgres();
      ctx.notes.push(`pg_ctlcluster restart took ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await ctx.faultEnded();
    },
  },
  '6': {
    title: 'Kafka unreachable 5 min (every broker link down), writes continue',
    async run(ctx) {
      const acknowledgedBefore = ctx.load.acknowledged();
      for (const node of [1, 2, 3]) await cluster.link(node, 'down');
      log('6: every broker cut off');
      await sleep(phase(300) / 2);
      const relay = await ctx.stack.activeRelay().catch(() => undefined);
      const readiness = await fetch(`${ctx.stack.url(relay ?? 'relay-1')}/health/ready`, { signal: AbortSignal.timeout(5000) })
        .then(async (r) => `${r.status} ${(await r.text()).slice(0, 300)}`)
        .catch((error) => `no answer (${(error as Error).message})`);
      const projector = await fetch(`${ctx.stack.url('projector-1')}/health/ready`, { signal: AbortSignal.timeout(5000) })
        .then(async (r) => `${r.status} ${(await r.text()).slice(0, 300)}`)
        .catch((error) => `no answer (${(error as Error).message})`);
      await sleep(phase(300) / 2);
      for (const node of [1, 2, 3]) await cluster.link(node, 'up');
      await ctx.faultEnded();
      ctx.notes.push(`${phase(300) / 1000} s without Kafka: ${ctx.load.acknowledged() - acknowledgedBefore} commands acknowledged meanwhile`);
      ctx.notes.push(`relay /health/ready half-way: ${readiness.replace(/\|/g, '/')}`);
      ctx.notes.push(`projector-1 /health/ready half-way: ${projector.replace(/\|/g, '/')}`);
    },
  },
  '7': {
    title: 'a transaction left open 60 s on another database of the server',
    async run(ctx) {
      const other = `${ctx.database}_other`;
      await psql(`CREATE DATABASE ${other}`);
      const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${other}` });
      client.on('error', () => undefined);
      await client.connect();
      let maxLag = { events: 0, oldestSeconds: 0 };
      let readiness = '';
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_current_xact_id()'); // a writing transaction: holds the server's xmin
        log(`7: transaction open on ${other}`);
        const until = Date.now() + phase(60);
        while (Date.now() < until) {
          const lag = await ctx.probe.unapplied();
          if (lag.oldestSeconds > maxLag.oldestSeconds) maxLag = lag;
          if (!readiness && until - Date.now() < phase(60) / 2) {
            const relay = (await ctx.stack.activeRelay()) ?? 'relay-1';
            readiness = await fetch(`${ctx.stack.url(relay)}/health/ready`, { signal: AbortSignal.timeout(5000) })
              .then(async (r) => `${r.status} ${(await r.text()).slice(0, 400)}`)
              .catch((error) => `no answer (${(error as Error).message})`);
          }
          await sleep(1000);
        }
        await client.query('COMMIT');
      } finally {
        await client.end().catch(() => undefined);
        await psql(`DROP DATABASE IF EXISTS ${other} WITH (FORCE)`).catch(() => undefined);
      }
      await ctx.faultEnded();
      ctx.notes.push(`lag while open: up to ${maxLag.oldestSeconds.toFixed(1)} s (${maxLag.events} events not yet applied)`);
      ctx.notes.push(`active relay /health/ready half-way: ${readiness.replace(/\|/g, '/')}`);
    },
  },
};

interface Row {
  scenario: string;
  title: string;
  load: string;
  acknowledged: number;
  lost: number;
  duplicated: number;
  fivexx: number;
  recovery: string;
  notes: string[];
  ok: boolean;
}

// --- clean-up ----------------------------------------------------------------

const cleanups: Array<() => Promise<unknown>> = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    killRunningScripts();
    while (cleanups.length > 0) {
      const step = cleanups.pop()!;
      await step().catch((error) => log(`clean-up step failed: ${(error as Error).message}`));
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().then(() => process.exit(130));
  });
}
const deadline = setTimeout(() => {
  log(`CHAOS_MAX_MINUTES (${MAX_MINUTES}) reached: cleaning up`);
  void cleanup().then(() => process.exit(124));
}, MAX_MINUTES * 60000);
deadline.unref();
// a pooled connection closed by the PostgreSQL restart (scenario 5) or a dropped database
process.on('uncaughtException', (error: Error & { code?: string }) => {
  if (['57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED'].includes(error.code ?? '')) return log(`ignored: ${error.message}`);
  console.error(error);
  void cleanup().then(() => process.exit(1));
});

// --- one scenario -------------------------------------------------------------

interface Deployment {
  stack: Stack;
  database: string;
  prefix: string;
  brokers: string[];
  probe: StoreProbe;
  kafka: KafkaConnection;
  seeded: boolean;
}

/**
 * One deployment for the whole run (a start takes minutes on a busy 2-core machine): each scenario
 * has load keys and lots of its own, its commands are checked on their own, and the read-model and
 * stream checks cover the whole store so far.
 */
async function startDeployment(brokers: string[]): Promise<Deployment> {
  const deploymentId = `c${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const database = `lotstream_chaos_${deploymentId}`;
  const prefix = `${deploymentId}.`;
  const stack = new Stack(database, prefix, path.join(REPO, '.data', 'chaos', deploymentId), brokers);
  log(`deployment: database ${database}, topics ${prefix}*, logs ${path.relative(REPO, stack.dir)}/logs`);
  cleanups.push(() => stack.stop());
  await stack.start();
  const probe = new StoreProbe(`postgres://postgres@127.0.0.1:5432/${database}`);
  cleanups.push(() => probe.close());
  const kafka = new KafkaConnection({ brokers, clientId: `chaos-${deploymentId}`, topicPrefix: prefix });
  cleanups.push(() => kafka.close());
  return { stack, database, prefix, brokers, probe, kafka, seeded: false };
}

async function dropDeployment(d: Deployment): Promise<void> {
  await psql(`DROP DATABASE IF EXISTS ${d.database} WITH (FORCE)`).catch(() => undefined);
  const a = d.kafka.kafka.admin();
  await a
    .connect()
    .then(async () => {
      const mine = (await a.listTopics()).filter((t) => t.startsWith(d.prefix));
      if (mine.length > 0) await a.deleteTopics({ topics: mine });
    })
    .catch(() => undefined)
    .finally(() => a.disconnect().catch(() => undefined));
}

async function runScenario(id: string, d: Deployment, base: number): Promise<Row> {
  const scenario = SCENARIOS[id];
  const runId = `${d.prefix.slice(0, -1)}s${id}${randomBytes(1).toString('hex')}`;
  const { stack, database, probe, kafka } = d;
  log(`scenario ${id}: ${scenario.title} (load keys ${runId}-*)`);
  const settings = { brokers: d.brokers, clientId: `chaos-${runId}`, topicPrefix: d.prefix };
  const loadBefore = os.loadavg()[0];
  await stack.start(); // every process up and ready (idempotent)

  const adminKey = await stack.adminKey();
  const issued = await fetch(`${stack.url('command-api-1')}/v1/admin/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
    body: JSON.stringify({ role: 'integration', sites: ['*'], label: 'chaos MES' }),
  });
  if (issued.status !== 201) throw new Error(`issuing the MES key failed: ${issued.status} ${await issued.text()}`);
  const { apiKey } = (await issued.json()) as { apiKey: string };

  const observer = new TopicObserver(settings, `lotstream-chaos-observer-${runId}`);
  await observer.start();
  cleanups.push(() => observer.stop());
  const load = new MesLoad({
    runId,
    commandApis: [stack.url('command-api-1'), stack.url('command-api-2')],
    apiKey,
    kafka: settings,
    httpWriters: HTTP_WRITERS,
    httpRatePerWriter: HTTP_RATE,
    kafkaRate: KAFKA_RATE,
    lotsPerWriter: 10,
  });
  if (!d.seeded) await load.seedEquipment();
  d.seeded = true;
  await load.start();
  cleanups.push(() => load.close());
  const started = Date.now();
  await sleep(phase(20));

  // Caught up counts this scenario's events only: an event an earlier scenario lost would hold every later one.
  const startPosition = await probe.lastPosition();
  let faultEnd = { at: 0, position: '0' };
  let caught = { at: -1, seconds: 0 };
  const notes: string[] = [];
  const ctx: Context = {
    id,
    stack,
    kafka,
    probe,
    load,
    database,
    notes,
    faultEnded: async () => {
      faultEnd = { at: Date.now(), position: await waitUntil('the store', 120000, () => probe.lastPosition()) };
    },
    caughtUp: async () => {
      if (caught.at !== faultEnd.at) {
        await waitUntil('the read models to catch up', 900000, async () => (await probe.unapplied(faultEnd.position, startPosition)).events === 0, 250);
        caught = { at: faultEnd.at, seconds: (Date.now() - faultEnd.at) / 1000 };
      }
      return caught.seconds;
    },
  };
  await scenario.run(ctx);
  const recovery = await ctx.caughtUp();
  log(`scenario ${id}: caught up ${recovery.toFixed(1)} s after the fault ended`);
  await sleep(phase(10));
  await load.stop();
  const loadSeconds = (Date.now() - started) / 1000;
  if (load.unansweredKafka() > 0) notes.push(`${load.unansweredKafka()} Kafka commands never answered (not acknowledged)`);
  await waitUntil('every published event of this scenario applied', 600000, async () => (await probe.unapplied(undefined, startPosition)).events === 0, 500);
  const published = await probe.publishedCount();
  await waitUntil('the observer to have every published event', 120000, async () => observer.distinct() >= published, 500).catch((error) =>
    notes.push(`observer: ${(error as Error).message}`),
  );
  await observer.stop();
  log(`scenario ${id}: checking invariants (${load.answers.length} answers, ${published} published events)`);
  const report: InvariantReport = await checkInvariants({
    databaseUrl: probe.databaseUrl,
    acknowledged: load.answers,
    observed: observer.observed,
    eventTopics: observer.eventTopics,
  });
  for (const line of report.summary) log(`  ${line}`);
  const c = load.counters;
  notes.push(...report.summary.filter((line) => /^(LOST|DUPLICATED|DIFFERS|GAP|OUT OF ORDER)/.test(line)));
  notes.push(
    `HTTP ${c.httpSent} requests, ${c.httpConnectionErrors} connection failures/timeouts, ${c.httpRefused} refused; Kafka ${c.kafkaSent} sends, ${c.kafkaSendFailures} failed sends, ${c.kafkaResent} re-sends; ${report.streams?.duplicates ?? 0} duplicate deliveries seen by a consumer (allowed)`,
  );
  for (const refusal of load.refusalSamples()) notes.push(`refused: ${refusal.replace(/\|/g, '/')}`);
  const row: Row = {
    scenario: SHORT ? `${id} (short)` : id,
    title: scenario.title,
    load: `${HTTP_WRITERS}×${HTTP_RATE}/s HTTP + ${KAFKA_RATE}/s Kafka for ${Math.round(loadSeconds)} s; load avg ${loadBefore.toFixed(1)}→${os.loadavg()[0].toFixed(1)}`,
    acknowledged: report.commands.acknowledged,
    lost: report.lost,
    duplicated: report.duplicated,
    fivexx: c.http5xx,
    recovery: `${recovery.toFixed(1)} s`,
    notes,
    ok: report.ok,
  };
  // this scenario's clean-up now (reverse order), the database and topics too when all held
  while (cleanups.length > base) await cleanups.pop()!().catch((error) => log(`clean-up step failed: ${(error as Error).message}`));
  if (!report.ok) notes.push(`kept for a look: database ${database}, logs ${path.relative(REPO, stack.dir)}/logs`);
  return row;
}

// --- docs/reliability.md ---------------------------------------------------------

const BEGIN = '<!-- chaos:begin -->';
const END = '<!-- chaos:end -->';
const HEADER =
  '| Scenario | Fault | Load | Acknowledged | Lost | Duplicated in read models | 5xx | Recovery (fault end → caught up) | Notes |\n|---|---|---|---|---|---|---|---|---|';

function renderRow(row: Row): string {
  const cell = (s: string) => s.replace(/\|/g, '/').replace(/\n/g, ' ');
  return `| ${row.scenario} | ${cell(row.title)} | ${cell(row.load)} | ${row.acknowledged} | ${row.lost} | ${row.duplicated} | ${row.fivexx} | ${row.recovery} | ${cell(row.notes.join('; '))} |`;
}

function writeTable(rows: Row[]): void {
  const existing = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  const kept = new Map<string, string>();
  const start = existing.indexOf(BEGIN);
  const end = existing.indexOf(END);
  if (start >= 0 && end > start) {
    for (const line of existing.slice(start, end).split('\n')) {
      const match = /^\| ([^|]+?) \|/.exec(line);
      if (match && !line.startsWith('| Scenario') && !line.startsWith('|---')) kept.set(match[1], line);
    }
  }
  for (const row of rows) kept.set(row.scenario, renderRow(row));
  const ordered = [...kept.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([, line]) => line);
  const table = `${BEGIN}\n${HEADER}\n${ordered.join('\n')}\n${END}`;
  const stamp = `Last run: ${new Date().toISOString().slice(0, 16)}Z on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB; scenarios ${rows.map((r) => r.scenario).join(', ')}.`;
  let text: string;
  if (start >= 0 && end > start) {
    text = existing.slice(0, start) + table + existing.slice(end + END.length);
    text = text.replace(/^Last run: .*$/m, stamp);
  } else {
    text = `# Reliability: the chaos run\n\n${stamp}\n\n${table}\n`;
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, text);
}

// --- main -----------------------------------------------------------------------

async function main(): Promise<void> {
  const wanted = args.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((w) => !(w in SCENARIOS));
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  const ids = wanted.length > 0 ? wanted : ['1', '2', '3', '4', '6', '7'];
  // scenario 5 last: it restarts the PostgreSQL server every other user of it shares
  ids.sort((a, b) => (a === '5' ? 1 : 0) - (b === '5' ? 1 : 0));
  if (process.getuid?.() !== 0) throw new Error('the chaos run needs root (network namespaces of the cluster)');
  log(`starting the cluster (scenarios ${ids.join(' ')}${SHORT ? ', short' : ''})`);
  const wasUp = await cluster.brokers().then(async () => (await cluster.pid(1)) !== undefined);
  await cluster.start();
  if (!wasUp && !KEEP) cleanups.push(() => cluster.stop());
  // every node back and linked whatever a scenario left behind
  const heal = async () => {
    for (const node of [1, 2, 3]) await cluster.link(node, 'up').catch(() => undefined);
    await cluster.start();
  };
  const brokers = await cluster.brokers();
  const deployment = await startDeployment(brokers);
  const rows: Row[] = [];
  for (const id of ids) {
    const outer = cleanups.length;
    cleanups.push(heal);
    const base = cleanups.length;
    try {
      rows.push(await runScenario(id, deployment, base));
    } catch (error) {
      log(`scenario ${id} FAILED: ${(error as Error).stack ?? error}`);
      while (cleanups.length > base) await cleanups.pop()!().catch(() => undefined);
      rows.push({
        scenario: SHORT ? `${id} (short)` : id,
        title: SCENARIOS[id].title,
        load: '-',
        acknowledged: 0,
        lost: 0,
        duplicated: 0,
        fivexx: 0,
        recovery: '-',
        notes: [`harness failed: ${(error as Error).message}`],
        ok: false,
      });
    }
    while (cleanups.length > outer) await cleanups.pop()!().catch(() => undefined);
    const row = rows[rows.length - 1];
    log(
      `scenario ${id}: ${row.ok ? 'OK' : 'NOT OK'} — acknowledged ${row.acknowledged}, lost ${row.lost}, duplicated ${row.duplicated}, 5xx ${row.fivexx}, recovery ${row.recovery}`,
    );
    writeTable(rows);
  }
  await cleanup();
  if (rows.every((r) => r.ok) && !KEEP) await dropDeployment(deployment);
  log(`wrote ${path.relative(REPO, OUT)}`);
  const bad = rows.filter((r) => !r.ok);
  if (bad.length > 0) throw new Error(`scenario(s) not OK: ${bad.map((r) => r.scenario).join(', ')}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    void cleanup().then(() => process.exit(1));
  },
);
