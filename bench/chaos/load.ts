import type { Consumer, Producer } from 'kafkajs';
import { KafkaConnection, type KafkaSettings } from '@lotstream/messaging';
import { inspectionBody, stepBody } from '../http.bench';
import type { AcknowledgedCommand } from './invariants';

/**
 * A steady MES load for the chaos run: HTTP writers (each owning its lots, spreading over the
 * command APIs and retrying every command with its idempotency key until it is answered) and an MES
 * writing commands to the command topic (re-sent with the same key until a result arrives). Every
 * answer is recorded for the invariant checker; 5xx answers and connection failures are counted.
 */
export interface LoadOptions {
  runId: string;
  /** Base URLs of the command APIs; a writer moves to the next one after a failure. */
  commandApis: string[];
  /** Bearer secret of an integration key (HTTP) and the same key for the Kafka `api-key` header. */
  apiKey: string;
  kafka: KafkaSettings;
  httpWriters: number;
  /** Commands per second per HTTP writer. */
  httpRatePerWriter: number;
  /** Commands per second on the command topic. */
  kafkaRate: number;
  lotsPerWriter: number;
}

export interface LoadCounters {
  httpSent: number;
  http5xx: number;
  httpConnectionErrors: number;
  httpRefused: number;
  kafkaSent: number;
  kafkaSendFailures: number;
  kafkaResent: number;
  kafkaRefused: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const EQUIPMENT = [...Array.from({ length: 8 }, (_, k) => [`GA-${k}`, 'gauge']), ...Array.from({ length: 8 }, (_, k) => [`MC-${k}`, 'machine'])];

const registerLot = (lotNumber: string, k: number) => ({
  lotNumber,
  partNumber: `PN-${k % 20}`,
  partRevision: 'C',
  quantity: 100000,
  unit: 'pcs',
  siteId: 'SITE-A',
  routingRevision: 'R3',
});

interface PendingKafka {
  key: string;
  value: string;
  sentAt: number;
  attempts: number;
}

export class MesLoad {
  readonly answers: AcknowledgedCommand[] = [];
  readonly counters: LoadCounters = {
    httpSent: 0,
    http5xx: 0,
    httpConnectionErrors: 0,
    httpRefused: 0,
    kafkaSent: 0,
    kafkaSendFailures: 0,
    kafkaResent: 0,
    kafkaRefused: 0,
  };
  /** Requests on the wire per command API (to kill one with requests in flight). */
  readonly inFlight = new Map<string, number>();
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly connection: KafkaConnection;
  private producer: Producer | undefined;
  private results: Consumer | undefined;
  private readonly pending = new Map<string, PendingKafka>();
  private readonly refusals: string[] = [];
  private next = 0;

  constructor(private readonly options: LoadOptions) {
    this.connection = new KafkaConnection(options.kafka);
    for (const api of options.commandApis) this.inFlight.set(api, 0);
  }

  /** Acknowledged commands so far (distinct keys). */
  acknowledged(): number {
    return new Set(this.answers.filter((a) => a.status >= 200 && a.status < 300).map((a) => a.idempotencyKey)).size;
  }

  /** A few refusals (4xx) for the log: none are expected. */
  refusalSamples(): string[] {
    return this.refusals.slice(0, 5);
  }

  async seedEquipment(): Promise<void> {
    for (const [id, kind] of EQUIPMENT) {
      await this.http(
        `${this.options.runId}-eq-${id}`,
        '/v1/equipment',
        { equipmentId: id, kind, description: `${kind} ${id}`, siteId: 'SITE-A', calibrationIntervalDays: 30 },
        0,
      );
    }
  }

  async start(): Promise<void> {
    this.running = true;
    this.producer = this.connection.producer();
    await this.producer.connect();
    const results = this.connection.consumer(`lotstream-chaos-results-${this.options.runId}`, { maxWaitTimeInMs: 500 });
    this.results = results;
    await results.connect();
    await results.subscribe({ topics: [this.connection.topics.mesResults], fromBeginning: true });
    await results.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        try {
          const result = JSON.parse(message.value?.toString() ?? '') as {
            idempotencyKey?: string;
            status?: number;
            eventIds?: string[];
            problem?: { type?: string; detail?: string };
          };
          if (typeof result.idempotencyKey !== 'string' || !result.idempotencyKey.startsWith(`${this.options.runId}-k`)) return;
          if (typeof result.status !== 'number') return;
          this.answers.push({ idempotencyKey: result.idempotencyKey, status: result.status, eventIds: result.eventIds });
          if (result.status < 500) this.pending.delete(result.idempotencyKey);
          if (result.status >= 300 && result.status < 500) {
            this.counters.kafkaRefused++;
            const why = result.problem ? ` ${String(result.problem.type).replace(/^.*\//, '')}: ${String(result.problem.detail).slice(0, 160)}` : '';
            this.refusals.push(`kafka ${result.idempotencyKey}: ${result.status}${why}`);
          }
        } catch {
          // not a result of ours
        }
      },
    });
    for (let w = 0; w < this.options.httpWriters; w++) this.loops.push(this.httpWriter(w));
    this.loops.push(this.kafkaWriter());
  }

  /** Stops sending new commands; commands already sent are still retried until answered (bounded). */
  async stop(timeoutMs = 120000): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) {
      await this.resendDue(10000);
      await sleep(250);
    }
  }

  /** Unanswered Kafka commands (after stop(): those the harness gave up on; they may be missing). */
  unansweredKafka(): number {
    return this.pending.size;
  }

  async close(): Promise<void> {
    await this.results?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    const admin = this.connection.kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([`lotstream-chaos-results-${this.options.runId}`]))
      .catch(() => undefined)
      .finally(() => admin.disconnect().catch(() => undefined));
    await this.connection.close();
  }

  private async httpWriter(w: number): Promise<void> {
    const lots = Array.from({ length: this.options.lotsPerWriter }, (_, k) => `${this.options.runId}-H${w}-${k}`);
    for (const [k, lot] of lots.entries()) await this.http(`${this.options.runId}-h${w}-lot-${k}`, '/v1/lots', registerLot(lot, k), w);
    const period = 1000 / this.options.httpRatePerWriter;
    let due = Date.now();
    while (this.running) {
      const i = this.next++;
      const lot = lots[i % lots.length];
      const inspection = i % 4 === 3;
      await this.http(
        `${this.options.runId}-h${w}-${i}`,
        `/v1/lots/${lot}/${inspection ? 'inspections' : 'steps'}`,
        inspection ? inspectionBody(i) : stepBody(i),
        w + i,
      );
      due += period;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      else due = Date.now(); // behind (a retry took long): do not burst to catch up
    }
  }

  /** One command over HTTP, retried with its idempotency key until a non-5xx answer (or 5 minutes). */
  private async http(key: string, route: string, body: unknown, spread: number): Promise<void> {
    const apis = this.options.commandApis;
    const giveUp = Date.now() + 300000;
    for (let attempt = 0; Date.now() < giveUp; attempt++) {
      const api = apis[(spread + attempt) % apis.length];
      this.inFlight.set(api, (this.inFlight.get(api) ?? 0) + 1);
      this.counters.httpSent++;
      try {
        const response = await fetch(`${api}${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.apiKey}`, 'idempotency-key': key },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15000),
        });
        const text = await response.text();
        let parsed: { eventIds?: string[] } | undefined;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        this.answers.push({ idempotencyKey: key, status: response.status, eventIds: response.status < 300 ? parsed?.eventIds : undefined });
        if (response.status < 500) {
          if (response.status >= 300) {
            this.counters.httpRefused++;
            this.refusals.push(`http ${key} ${route}: ${response.status} ${text.slice(0, 200)}`);
          }
          return;
        }
        this.counters.http5xx++;
      } catch {
        this.counters.httpConnectionErrors++;
      } finally {
        this.inFlight.set(api, (this.inFlight.get(api) ?? 1) - 1);
      }
      await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
    }
  }

  private async kafkaWriter(): Promise<void> {
    const lots = Array.from({ length: 5 }, (_, k) => `${this.options.runId}-K-${k}`);
    const period = 1000 / this.options.kafkaRate;
    let i = 0;
    let due = Date.now();
    while (this.running) {
      // the lots first, each answered before its steps are sent (a step of an unknown lot is a 404)
      const registering = i < lots.length;
      const key = `${this.options.runId}-k${i}`;
      const command = registering
        ? { type: 'RegisterLot', idempotencyKey: key, payload: registerLot(lots[i], i) }
        : { type: 'RecordProductionStep', idempotencyKey: key, payload: { lotNumber: lots[i % lots.length], ...stepBody(1000000 + i) } };
      const pending = { key, value: JSON.stringify(command), sentAt: 0, attempts: 0 };
      this.pending.set(key, pending);
      await this.send(pending);
      i++;
      if (registering && i === lots.length) {
        while (this.running && lots.some((_, k) => this.pending.has(`${this.options.runId}-k${k}`))) {
          await this.resendDue(10000);
          await sleep(200);
        }
      }
      await this.resendDue(30000);
      due += period;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      else due = Date.now();
    }
  }

  private async resendDue(afterMs: number): Promise<void> {
    const now = Date.now();
    for (const pending of [...this.pending.values()]) {
      if (pending.sentAt === 0 || now - pending.sentAt > afterMs) {
        if (pending.attempts > 0) this.counters.kafkaResent++;
        await this.send(pending);
      }
    }
  }

  private async send(pending: PendingKafka): Promise<void> {
    pending.attempts++;
    try {
      await this.producer!.send({
        topic: this.connection.topics.mesCommands,
        acks: -1,
        messages: [{ key: pending.key, value: pending.value, headers: { 'api-key': this.options.apiKey } }],
      });
      pending.sentAt = Date.now();
      this.counters.kafkaSent++;
    } catch {
      pending.sentAt = 0; // not on the topic for sure: try again at the next tick
      this.counters.kafkaSendFailures++;
    }
  }
}
