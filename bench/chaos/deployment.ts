import { ChildProcess, execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { KafkaConnection, PUBLISHED_EVENT_TYPES } from '@lotstream/messaging';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type ProcName = 'command-api-1' | 'command-api-2' | 'query-api' | 'relay-1' | 'relay-2' | 'projector-1' | 'projector-2';
export const PROCS: ProcName[] = ['command-api-1', 'command-api-2', 'query-api', 'relay-1', 'relay-2', 'projector-1', 'projector-2'];

export function log(message: string): void {
  console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Waits for a condition, polling; throws with `what` after the timeout. */
export async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    await sleep(everyMs);
  }
}

const scripts = new Set<ChildProcess>();

async function sh(script: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 300000): Promise<string> {
  const pending = run('bash', [path.join(REPO, 'scripts', script), ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  scripts.add(pending.child);
  try {
    return (await pending).stdout;
  } finally {
    scripts.delete(pending.child);
  }
}

/** Interrupted: a script still starting something (stack.sh start) must not go on after the clean-up. */
export function killRunningScripts(): void {
  for (const child of scripts) child.kill('SIGTERM');
  scripts.clear();
}

/** The three-node cluster of scripts/cluster.sh. */
export const cluster = {
  start: () => sh('cluster.sh', ['start']),
  stop: () => sh('cluster.sh', ['stop']),
  async brokers(): Promise<string[]> {
    const out = await sh('cluster.sh', ['status']).catch((error: { stdout?: string }) => error.stdout ?? '');
    const line = out.split('\n').find((l) => l.startsWith('KAFKA_BROKERS='));
    if (!line) throw new Error('cluster.sh status printed no KAFKA_BROKERS');
    return line.slice('KAFKA_BROKERS='.length).split(',');
  },
  kill: (node: number) => sh('cluster.sh', ['node-kill', String(node)]),
  startNode: (node: number) => sh('cluster.sh', ['node-start', String(node)]),
  link: (node: number, state: 'up' | 'down') => sh('cluster.sh', ['link', String(node), state]),
  async pid(node: number): Promise<number | undefined> {
    const out = await sh('cluster.sh', ['pid', String(node)]).catch(() => '');
    return out.trim() ? Number(out.trim()) : undefined;
  },
};

/** The processes of scripts/stack.sh for one run (its own database, topics and directory). */
export class Stack {
  readonly env: NodeJS.ProcessEnv;
  constructor(
    readonly database: string,
    readonly topicPrefix: string,
    readonly dir: string,
    readonly brokers: string[],
    readonly portBase = 3100,
  ) {
    // KAFKA_BROKERS explicitly: the caller's environment may name another broker (CI's single one)
    this.env = {
      STACK_DATABASE: database,
      STACK_TOPIC_PREFIX: topicPrefix,
      STACK_DIR: dir,
      STACK_PORT_BASE: String(portBase),
      KAFKA_BROKERS: brokers.join(','),
    };
  }

  start(): Promise<string> {
    return sh('stack.sh', ['start'], this.env, 600000);
  }
  stop(): Promise<string> {
    return sh('stack.sh', ['stop'], this.env);
  }
  startProc(name: ProcName): Promise<string> {
    return sh('stack.sh', ['proc-start', name], this.env);
  }
  signal(name: ProcName, signal: 'KILL' | 'STOP' | 'CONT' | 'TERM'): Promise<string> {
    return sh('stack.sh', ['signal', name, signal], this.env);
  }
  async pid(name: ProcName): Promise<number | undefined> {
    const out = await sh('stack.sh', ['pid', name], this.env).catch(() => '');
    return out.trim() ? Number(out.trim()) : undefined;
  }
  port(name: ProcName): number {
    return this.portBase + PROCS.indexOf(name) + 1;
  }
  url(name: ProcName): string {
    return `http://127.0.0.1:${this.port(name)}`;
  }
  adminKey(): Promise<string> {
    return run('cat', [path.join(this.dir, 'admin.key')]).then(({ stdout }) => stdout.trim());
  }
  async ready(name: ProcName): Promise<Record<string, any> | undefined> {
    try {
      const response = await fetch(`${this.url(name)}/health/ready`, { signal: AbortSignal.timeout(3000) });
      const body = (await response.json()) as Record<string, any>;
      return response.ok ? body : undefined;
    } catch {
      return undefined;
    }
  }
  waitReady(name: ProcName, timeoutMs = 180000): Promise<Record<string, any>> {
    return waitUntil(`${name} ready`, timeoutMs, () => this.ready(name));
  }
  /** The relay that holds the store's relay lock. */
  async activeRelay(): Promise<ProcName | undefined> {
    for (const name of ['relay-1', 'relay-2'] as const) {
      const body = await this.ready(name);
      if (body?.relay?.state === 'active') return name;
    }
    return undefined;
  }
}

/** The leader node of partition 0 of the production event topic. */
export async function partitionLeader(kafka: KafkaConnection, topic: string): Promise<number> {
  const admin = kafka.kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const leader = topics[0]?.partitions.find((p) => p.partitionId === 0)?.leader;
    if (leader === undefined || leader < 0) throw new Error(`no leader for ${topic}[0]`);
    return leader;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Every partition of the topics has its three replicas in sync again. */
export async function fullyReplicated(kafka: KafkaConnection, topics: string[]): Promise<boolean> {
  const admin = kafka.kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics });
    return metadata.topics.every((t) => t.partitions.every((p) => p.isr.length === 3 && p.leader >= 0));
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

const PUBLISHED_TYPES = Object.keys(PUBLISHED_EVENT_TYPES);

/** The store's database as the harness sees it. */
export class StoreProbe {
  readonly pool: Pool;
  constructor(readonly databaseUrl: string) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2 });
    this.pool.on('error', () => undefined);
  }
  async lastPosition(): Promise<string> {
    const { rows } = await this.pool.query('SELECT coalesce(max(position), 0)::text AS p FROM events');
    return rows[0].p;
  }
  async publishedCount(): Promise<number> {
    const { rows } = await this.pool.query(`SELECT count(*)::int AS n FROM events WHERE type = ANY($1) OR stream_category = 'prototype'`, [PUBLISHED_TYPES]);
    return rows[0].n;
  }
  /** Published events up to `position` not applied to the read models yet, and the age of the oldest (s). */
  async unapplied(position?: string, after = '0'): Promise<{ events: number; oldestSeconds: number }> {
    const { rows } = await this.pool.query(
      `SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(e.recorded_at)), 0)::float AS age
         FROM events e
        WHERE ($1::bigint IS NULL OR e.position <= $1::bigint) AND e.position > $3::bigint
          AND (e.type = ANY($2) OR e.stream_category = 'prototype')
          AND NOT EXISTS (SELECT 1 FROM rm.applied_events a WHERE a.event_id = e.event_id)`,
      [position ?? null, PUBLISHED_TYPES, after],
    );
    return { events: rows[0].n, oldestSeconds: rows[0].age };
  }
  /** The pid of the process whose connection is applying a read-model transaction now, if any. */
  async applyingClientPorts(database: string): Promise<number[]> {
    const { rows } = await this.pool.query(
      `SELECT client_port FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND client_port IS NOT NULL
          AND (state = 'idle in transaction' OR (state = 'active' AND query ILIKE '%applied_events%'))`,
      [database],
    );
    return rows.map((r) => r.client_port as number);
  }
  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Which local process owns the TCP connection from 127.0.0.1:<port> to PostgreSQL (ss -tnp). */
export async function pidOfClientPort(port: number): Promise<number | undefined> {
  const { stdout } = await run('ss', ['-Htnp', 'state', 'established', `( sport = :${port} )`]).catch(() => ({ stdout: '' }));
  const match = /pid=(\d+)/.exec(stdout);
  return match ? Number(match[1]) : undefined;
}

export async function psql(sql: string, database = 'postgres'): Promise<string> {
  const { stdout } = await run('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', database, '-Atqc', sql]);
  return stdout;
}

export async function restartPostgres(): Promise<void> {
  const { stdout } = await run('ls', ['/etc/postgresql']);
  const version = stdout.trim().split('\n').sort().pop();
  if (!version) throw new Error('no PostgreSQL cluster under /etc/postgresql');
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], { timeout: 120000 });
}
